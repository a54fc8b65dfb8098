// Steps through the console that several end-to-end files share, written as a person would act.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { tr, verify, type Harness, type Lang } from './harness.js';

export const SECRET_FORMAT = /^kw_[0-9A-Za-z]{36}$/;

export async function nav(page: Page, lang: Lang, item: string): Promise<void> {
  await page.getByRole('navigation', { name: tr(lang, 'nav.label') }).getByRole('link', { name: tr(lang, item), exact: true }).click();
}

export async function heading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/** In the generate dialog's scope picker: finds a resource by name in the tree and gives it a permission. */
export async function pickScope(dialog: Locator, lang: Lang, resource: string, permission: 'read' | 'write' | 'admin'): Promise<void> {
  await dialog.getByLabel(tr(lang, 'flows.scopes.find')).fill(resource);
  await dialog.getByRole('tree', { name: tr(lang, 'flows.scopes.tree') }).getByRole('treeitem', { name: new RegExp(`^${resource} \\(`) }).click();
  await dialog.getByLabel(tr(lang, 'flows.scopes.permissionFor', { name: resource })).selectOption({ label: tr(lang, `permission.${permission}`) });
}

/** Generates a key in the developer's page and answers the secret shown once. */
export async function generateKey(page: Page, lang: Lang, name: string, options: { scope?: string } = {}): Promise<string> {
  await page.getByRole('button', { name: tr(lang, 'myKeys.generate') }).click();
  const dialog = page.getByRole('dialog', { name: tr(lang, 'generate.title') });
  await dialog.getByLabel(tr(lang, 'generate.name')).fill(name);
  await dialog.getByLabel(tr(lang, 'generate.description')).fill(`${name} (e2e)`);
  if (options.scope) {
    await dialog.getByLabel(tr(lang, 'generate.limitScopes')).check();
    await pickScope(dialog, lang, options.scope, 'write');
    await dialog.getByRole('button', { name: tr(lang, 'flows.scopes.removeFor', { name: tr(lang, 'flows.tree.wholeTenant') }) }).click();
  }
  await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();
  const secretDialog = page.getByRole('dialog', { name: tr(lang, 'secret.title') });
  await secretDialog.getByText(tr(lang, 'secret.warningTitle')).waitFor();
  const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
  expect(secret).toMatch(SECRET_FORMAT);
  return secret;
}

export async function generateKeyFromOpenDialog(page: Page, lang: Lang): Promise<string> {
  await page.getByRole('dialog', { name: tr(lang, 'generate.title') }).getByRole('button', { name: tr(lang, 'generate.submit') }).click();
  const secret = await page.getByRole('dialog', { name: tr(lang, 'secret.title') }).getByLabel(tr(lang, 'secret.label')).inputValue();
  expect(secret).toMatch(SECRET_FORMAT);
  return secret;
}

export async function closeSecret(page: Page, lang: Lang): Promise<void> {
  await page.getByRole('button', { name: tr(lang, 'secret.done') }).click();
  await page.getByRole('dialog', { name: tr(lang, 'secret.title') }).waitFor({ state: 'detached' });
}

/** What POST /api/v1/verify answers for the secret, as a program behind an API would ask. */
export async function expectVerify(harness: Harness, secret: string, expected: { valid: boolean; code?: string }): Promise<void> {
  expect(await verify(harness.url, secret)).toMatchObject(expected);
}

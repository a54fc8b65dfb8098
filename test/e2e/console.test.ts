// The console end to end: real server, fresh SQLite database, real headless Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ADMIN, ApiSession, buildWorld, openConsole, screenshot, seriousViolations, signIn, startHarness, tr, verify,
  type ConsolePage, type Harness, type Lang,
} from './harness.js';

const SECRET_FORMAT = /^kw_[0-9A-Za-z]{36}$/;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

async function nav(page: Page, lang: Lang, item: string): Promise<void> {
  await page.getByRole('navigation', { name: tr(lang, 'nav.label') }).getByRole('link', { name: tr(lang, item), exact: true }).click();
}

async function heading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/** Generates a key in the developer's page and answers the secret shown once. */
async function generateKey(page: Page, lang: Lang, name: string, options: { scope?: string } = {}): Promise<string> {
  await page.getByRole('button', { name: tr(lang, 'myKeys.generate') }).click();
  const dialog = page.getByRole('dialog', { name: tr(lang, 'generate.title') });
  await dialog.getByLabel(tr(lang, 'generate.name')).fill(name);
  await dialog.getByLabel(tr(lang, 'generate.description')).fill(`${name} (e2e)`);
  if (options.scope) {
    await dialog.getByLabel(tr(lang, 'generate.limitScopes')).check();
    await dialog.getByLabel(tr(lang, 'scopes.resource', { n: 1 })).selectOption({ label: options.scope });
    await dialog.getByLabel(tr(lang, 'scopes.permission', { n: 1 })).selectOption({ label: tr(lang, 'permission.write') });
  }
  await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();
  const secretDialog = page.getByRole('dialog', { name: tr(lang, 'secret.title') });
  await secretDialog.getByText(tr(lang, 'secret.warningTitle')).waitFor();
  const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
  expect(secret).toMatch(SECRET_FORMAT);
  return secret;
}

async function generateKeyFromOpenDialog(page: Page, lang: Lang): Promise<string> {
  await page.getByRole('dialog', { name: tr(lang, 'generate.title') }).getByRole('button', { name: tr(lang, 'generate.submit') }).click();
  const secret = await page.getByRole('dialog', { name: tr(lang, 'secret.title') }).getByLabel(tr(lang, 'secret.label')).inputValue();
  expect(secret).toMatch(SECRET_FORMAT);
  return secret;
}

async function closeSecret(page: Page, lang: Lang): Promise<void> {
  await page.getByRole('button', { name: tr(lang, 'secret.done') }).click();
  await page.getByRole('dialog', { name: tr(lang, 'secret.title') }).waitFor({ state: 'detached' });
}

/** What POST /api/v1/verify answers for the secret, as a program behind an API would ask. */
async function expectVerify(secret: string, expected: { valid: boolean; code?: string }): Promise<void> {
  expect(await verify(harness.url, secret)).toMatchObject(expected);
}

function expectClean(view: ConsolePage): void {
  expect(view.errors).toEqual([]);
  expect(view.serverErrors).toEqual([]);
}

describe('the console', () => {
  it('runs the seeds\u2019 scenario: policy, access, a key that verifies, revocation and the events', async () => {
    const world = await buildWorld(harness);
    const lang: Lang = 'en';

    // The tenant admin switches keys on and sets the limits.
    const admin = await openConsole(harness, lang);
    const a = admin.page;
    await signIn(a, harness, lang, world.admin.email, world.admin.password);
    await heading(a, tr(lang, 'overview.title'));
    await a.getByText(tr(lang, 'overview.keysOffAdmin')).waitFor();
    await nav(a, lang, 'nav.settings');
    await heading(a, tr(lang, 'settings.title'));
    await a.getByLabel(tr(lang, 'settings.enabled')).check();
    await a.getByLabel(tr(lang, 'settings.limitExpiry')).check();
    await a.getByLabel(tr(lang, 'settings.maxActiveKeysPerUser')).fill('0');
    await a.getByRole('button', { name: tr(lang, 'settings.save') }).click();
    await a.getByText(tr(lang, 'settings.badMaxKeys')).waitFor(); // refused before it reaches the server
    await a.getByLabel(tr(lang, 'settings.maxExpiryDays')).fill('90');
    await a.getByLabel(tr(lang, 'settings.maxActiveKeysPerUser')).fill('10');
    await a.getByRole('button', { name: tr(lang, 'settings.save') }).click();
    await a.getByText(tr(lang, 'settings.saved')).waitFor();
    const platform = await ApiSession.signIn(harness.url, 'platform@example.test', 'platform-password-1');
    expect(await platform.call('GET', `/tenants/${world.tenantId}/settings`)).toMatchObject({ apiKeysEnabled: true, maxExpiryDays: 90, maxActiveKeysPerUser: 10 });

    // ... and grants the developer access with the developer role and a licence.
    await nav(a, lang, 'nav.members');
    await heading(a, tr(lang, 'members.title'));
    await a.getByLabel(tr(lang, 'members.email')).fill(world.developer.email);
    await a.getByRole('button', { name: tr(lang, 'members.find') }).click();
    await a.getByRole('checkbox', { name: tr(lang, 'role.developer'), exact: true }).waitFor();
    await a.getByRole('button', { name: tr(lang, 'members.grant'), exact: true }).click();
    await a.getByText(tr(lang, 'members.granted', { name: world.developer.name })).waitFor();
    await expect(a.getByRole('checkbox', { name: tr(lang, 'members.licenceFor', { name: world.developer.name }) }).isChecked()).resolves.toBe(true);

    // The developer generates keys; the expiry choice stops at the tenant's maximum.
    const dev = await openConsole(harness, lang);
    const d = dev.page;
    await signIn(d, harness, lang, world.developer.email, world.developer.password);
    await nav(d, lang, 'nav.myKeys');
    await heading(d, tr(lang, 'myKeys.title'));
    await d.getByRole('button', { name: tr(lang, 'myKeys.generate') }).click();
    const options = await d.getByLabel(tr(lang, 'generate.expiry')).locator('option').allTextContents();
    expect(options).toContain('90 days');
    expect(options).not.toContain('180 days');
    expect(options).not.toContain(tr(lang, 'generate.noExpiry'));
    await d.getByRole('button', { name: tr(lang, 'common.cancel') }).click();

    const secret = await generateKey(d, lang, 'Billing job', { scope: 'Accounts (account)' });
    await d.getByRole('button', { name: tr(lang, 'secret.copy') }).click();
    await d.getByText(tr(lang, 'common.copied')).first().waitFor({ state: 'attached' });
    expect(await d.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await closeSecret(d, lang);
    await expectVerify(secret, { valid: true });
    const nightly = await generateKey(d, lang, 'Nightly export');
    await closeSecret(d, lang);
    const ci = await generateKey(d, lang, 'CI pipeline');
    await closeSecret(d, lang);
    await d.getByRole('link', { name: 'Billing job' }).waitFor();

    // The admin finds the first key by name and revokes it, after confirming.
    await nav(a, lang, 'nav.keys');
    await heading(a, tr(lang, 'keys.title'));
    await a.getByLabel(tr(lang, 'keys.search')).fill('billing');
    await a.getByRole('link', { name: 'Billing job' }).waitFor();
    await expect.poll(() => a.getByRole('link', { name: 'Nightly export' }).count()).toBe(0);
    const row = a.getByRole('row').filter({ hasText: 'Billing job' });
    await row.getByRole('button', { name: `${tr(lang, 'keys.revoke')} Billing job` }).click();
    const confirm = a.getByRole('alertdialog');
    await confirm.getByText(tr(lang, 'keys.revokeWarning_one')).waitFor();
    await confirm.getByRole('button', { name: tr(lang, 'keys.revokeConfirm_one') }).click();
    await row.getByText(tr(lang, 'status.revoked')).waitFor();
    await expectVerify(secret, { valid: false, code: 'REVOKED' });
    await expectVerify(secret, { valid: false, code: 'REVOKED' }); // twice: a program retrying

    // ... copies a key ID, then selects the other active keys and revokes them at once.
    await a.getByLabel(tr(lang, 'keys.search')).fill('');
    await a.getByLabel(tr(lang, 'keys.filterStatus')).selectOption({ label: tr(lang, 'status.active') });
    await a.getByRole('link', { name: 'Nightly export' }).waitFor();
    await expect.poll(() => a.getByRole('link', { name: 'Billing job' }).count()).toBe(0);
    const keyId = (await a.getByRole('row').filter({ hasText: 'CI pipeline' }).locator('code.key-id').textContent())!;
    await a.getByRole('button', { name: tr(lang, 'keys.copyId', { id: keyId }) }).click();
    await expect.poll(() => a.evaluate(() => navigator.clipboard.readText())).toBe(keyId);
    await a.getByLabel(tr(lang, 'keys.selectAll')).check();
    await a.getByRole('button', { name: tr(lang, 'keys.revokeSelected_other', { count: 2 }) }).click();
    await a.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'keys.revokeConfirm_other', { count: 2 }) }).click();
    await a.getByText(tr(lang, 'keys.revokedCount_other', { count: 2 })).waitFor();
    await expectVerify(nightly, { valid: false, code: 'REVOKED' });
    await expectVerify(ci, { valid: false, code: 'REVOKED' });

    // The events page shows all of it; failed verifications of a known key stand out.
    await nav(a, lang, 'nav.events');
    await heading(a, tr(lang, 'events.title'));
    const table = a.getByRole('table', { name: tr(lang, 'events.caption') });
    for (const type of ['settings.updated', 'member.granted', 'key.created', 'key.revoked']) {
      await table.getByText(tr(lang, `eventType.${type}`), { exact: true }).first().waitFor();
    }
    await expect.poll(async () => {
      await a.getByRole('button', { name: tr(lang, 'events.apply') }).click();
      return a.locator('tr.row-alarm').filter({ hasText: tr(lang, 'eventType.key.verify_failed') }).count();
      // Failures are summed per key per minute; the summary is written when its minute closes.
    }, { timeout: 75_000, interval: 2_000 }).toBeGreaterThan(0);
    await a.getByLabel(tr(lang, 'events.type')).selectOption('key.revoked');
    await a.getByRole('button', { name: tr(lang, 'events.apply') }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(4); // the header and three revocations
    const toggle = table.getByRole('button', { expanded: false }).first();
    await toggle.click();
    await table.getByRole('button', { expanded: true }).waitFor();
    await table.getByRole('link', { name: tr(lang, 'events.openKey') }).click();
    await a.getByRole('heading', { level: 2, name: tr(lang, 'usage.title') }).waitFor();
    await a.locator('figure.chart svg[role="img"]').waitFor();

    expectClean(admin);
    expectClean(dev);
    await admin.context.close();
    await dev.context.close();
  }, 180_000);

  it.each<Lang>(['en', 'nl'])('shows every page in %s, with no serious accessibility violations', async (lang) => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const keys: { key: { id: string }; secret: string }[] = [];
    for (const name of ['Billing job', 'Nightly export', 'CI pipeline']) {
      keys.push(await developer.call('POST', `/tenants/${world.tenantId}/keys`, { name, description: `${name} for the report`, expiresInDays: 30 }));
    }
    for (let i = 0; i < 3; i++) await verify(harness.url, keys[0].secret);
    const admin = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    await admin.call('POST', `/tenants/${world.tenantId}/keys/${keys[2].key.id}/revoke`);
    const problems: string[] = [];
    const check = async (page: Page, name: string) => {
      problems.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      await screenshot(page, name, lang);
    };

    // The language comes from the browser (the context's locale) before anyone signs in.
    const view = await openConsole(harness, lang);
    const p = view.page;
    await p.goto(harness.url + '/');
    await heading(p, tr(lang, 'login.title'));
    expect(await p.getAttribute('html', 'lang')).toBe(lang);
    await check(p, 'login');

    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await heading(p, tr(lang, 'overview.title'));
    await p.getByText(tr(lang, 'overview.expiringSoon'), { exact: true }).waitFor();
    await check(p, 'overview');

    await nav(p, lang, 'nav.keys');
    await heading(p, tr(lang, 'keys.title'));
    await p.getByRole('link', { name: 'CI pipeline' }).waitFor();
    await p.getByRole('row').filter({ hasText: 'CI pipeline' }).getByText(tr(lang, 'status.revoked')).waitFor();
    await check(p, 'keys');

    await p.getByRole('link', { name: 'Billing job' }).click();
    await heading(p, tr(lang, 'key.title', { name: 'Billing job' }));
    await p.locator('figure.chart svg[role="img"]').waitFor();
    await check(p, 'key');

    await nav(p, lang, 'nav.events');
    await heading(p, tr(lang, 'events.title'));
    await p.getByRole('table', { name: tr(lang, 'events.caption') }).getByRole('button', { expanded: false }).first().click();
    await p.getByRole('link', { name: tr(lang, 'events.openKey') }).waitFor();
    await check(p, 'events');

    await nav(p, lang, 'nav.members');
    await heading(p, tr(lang, 'members.title'));
    await p.getByRole('checkbox', { name: tr(lang, 'members.licenceFor', { name: world.developer.name }) }).waitFor();
    await check(p, 'members');

    await nav(p, lang, 'nav.settings');
    await heading(p, tr(lang, 'settings.title'));
    await p.getByLabel(tr(lang, 'settings.maxActiveKeysPerUser')).waitFor();
    await check(p, 'settings');

    // The developer's page, its generate form and the secret shown once.
    await p.getByRole('button', { name: tr(lang, 'header.signOut') }).click();
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await nav(p, lang, 'nav.myKeys');
    await heading(p, tr(lang, 'myKeys.title'));
    await p.getByRole('link', { name: 'Nightly export' }).waitFor();
    await check(p, 'my-keys');
    await p.getByRole('button', { name: tr(lang, 'myKeys.generate') }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'generate.title') });
    await dialog.getByLabel(tr(lang, 'generate.name')).fill('Reporting');
    await dialog.getByLabel(tr(lang, 'generate.limitScopes')).check();
    await check(p, 'generate-key');
    await generateKeyFromOpenDialog(p, lang);
    await check(p, 'secret');
    await closeSecret(p, lang);

    // The platform page, for the platform admin.
    await p.getByRole('button', { name: tr(lang, 'header.signOut') }).click();
    await signIn(p, harness, lang, ADMIN.email, ADMIN.password);
    await nav(p, lang, 'nav.platform');
    await heading(p, tr(lang, 'platform.title'));
    await p.getByRole('cell', { name: world.developer.email }).waitFor();
    await check(p, 'platform');

    expect(problems).toEqual([]);
    expectClean(view);
    await view.context.close();
  }, 120_000);

  it('tells the developer plainly why no key can be generated', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness);
    const platform = await ApiSession.signIn(harness.url, 'platform@example.test', 'platform-password-1');
    const members = `/tenants/${world.tenantId}/members/${world.developer.id}`;
    const view = await openConsole(harness, lang);
    const p = view.page;
    const generate = p.getByRole('button', { name: tr(lang, 'myKeys.generate') });

    // Keys are off: the page says so and offers no button.
    await platform.call('PUT', members, { roles: ['developer'], licensed: true });
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await nav(p, lang, 'nav.myKeys');
    await p.getByText(tr(lang, 'errors.API_KEYS_DISABLED')).waitFor();
    expect(await generate.isDisabled()).toBe(true);

    // No licence.
    await platform.call('PATCH', `/tenants/${world.tenantId}/settings`, { apiKeysEnabled: true, maxActiveKeysPerUser: 1 });
    await platform.call('PUT', members, { roles: ['developer'], licensed: false });
    await p.reload();
    await p.getByText(tr(lang, 'errors.NOT_LICENSED')).waitFor();
    expect(await generate.isDisabled()).toBe(true);

    // Not a developer: the page is not offered, and says why when opened by its address.
    await platform.call('PUT', members, { roles: [], licensed: true });
    await p.reload();
    await heading(p, tr(lang, 'myKeys.title'));
    await p.getByText(tr(lang, 'errors.NOT_DEVELOPER')).waitFor();
    await expect(p.getByRole('link', { name: tr(lang, 'nav.myKeys') }).count()).resolves.toBe(0);

    // The limit is reached: the server's refusal is shown in the form.
    await platform.call('PUT', members, { roles: ['developer'], licensed: true });
    await p.reload();
    await generateKey(p, lang, 'First');
    await closeSecret(p, lang);
    await generate.click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'generate.title') });
    await dialog.getByLabel(tr(lang, 'generate.name')).fill('Second');
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();
    await dialog.getByRole('alert').getByText(tr(lang, 'errors.KEY_LIMIT_REACHED')).waitFor();

    expectClean(view);
    await view.context.close();
  }, 90_000);

  it('lets the developer rename, rotate and delete keys, one or all', async () => {
    const lang: Lang = 'nl';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await nav(p, lang, 'nav.myKeys');
    const first = await generateKey(p, lang, 'Webshop');
    await closeSecret(p, lang);
    const second = await generateKey(p, lang, 'Rapportage');
    await closeSecret(p, lang);

    await p.getByRole('button', { name: `${tr(lang, 'myKeys.rename')} Webshop` }).click();
    const rename = p.getByRole('dialog', { name: tr(lang, 'rename.title', { name: 'Webshop' }) });
    await rename.getByLabel(tr(lang, 'generate.name')).fill('Webshop live');
    await rename.getByRole('button', { name: tr(lang, 'common.save') }).click();
    await p.getByRole('link', { name: 'Webshop live' }).waitFor();

    // Rotation shows the new secret once; the old one keeps working through the grace period.
    await p.getByRole('button', { name: `${tr(lang, 'myKeys.rotate')} Webshop live` }).click();
    const rotate = p.getByRole('dialog', { name: tr(lang, 'rotate.title', { name: 'Webshop live' }) });
    await rotate.getByLabel(tr(lang, 'rotate.grace')).selectOption({ label: tr(lang, 'rotate.period.3600') });
    await rotate.getByRole('button', { name: tr(lang, 'rotate.submit') }).click();
    const rotated = await p.getByRole('dialog', { name: tr(lang, 'secret.title') }).getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(rotated).toMatch(SECRET_FORMAT);
    expect(rotated).not.toBe(first);
    await closeSecret(p, lang);
    await expectVerify(rotated, { valid: true });
    await expectVerify(first, { valid: true });

    // Delete one, after confirming.
    await p.getByRole('button', { name: `${tr(lang, 'myKeys.delete')} Rapportage` }).click();
    await p.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'myKeys.deleteConfirm') }).click();
    await p.getByText(tr(lang, 'myKeys.deleted', { name: 'Rapportage' })).waitFor();
    await expectVerify(second, { valid: false, code: 'NOT_FOUND' });

    // Delete all, after confirming.
    await p.getByRole('button', { name: tr(lang, 'myKeys.deleteAll') }).click();
    await p.getByRole('alertdialog').getByText(tr(lang, 'myKeys.deleteAllWarning', { tenant: world.tenantName })).waitFor();
    await p.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'myKeys.deleteAllConfirm_other', { count: 2 }) }).click();
    await p.getByText(tr(lang, 'myKeys.empty')).waitFor();
    await expectVerify(rotated, { valid: false, code: 'NOT_FOUND' });

    expectClean(view);
    await view.context.close();
  }, 90_000);

  it('lets an admin give themself the developer role and withdraw a member\u2019s access', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const { secret } = await developer.call<{ secret: string }>('POST', `/tenants/${world.tenantId}/keys`, { name: 'Soon gone' });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await expect(p.getByRole('link', { name: tr(lang, 'nav.myKeys') }).count()).resolves.toBe(0);
    await nav(p, lang, 'nav.members');
    await p.getByRole('checkbox', { name: tr(lang, 'members.roleFor', { role: tr(lang, 'role.developer'), name: world.admin.name }) }).check();
    await p.getByRole('checkbox', { name: tr(lang, 'members.licenceFor', { name: world.admin.name }) }).check();
    await p.getByRole('button', { name: `${tr(lang, 'common.save')} ${world.admin.name}` }).click();
    await p.getByText(tr(lang, 'members.saved', { name: world.admin.name })).waitFor();
    await p.getByRole('link', { name: tr(lang, 'nav.myKeys') }).waitFor();

    await p.getByRole('button', { name: `${tr(lang, 'members.withdraw')} ${world.developer.name}` }).click();
    const confirm = p.getByRole('alertdialog');
    await confirm.getByText(tr(lang, 'members.withdrawWarning', { name: world.developer.name, tenant: world.tenantName })).waitFor();
    await confirm.getByRole('button', { name: tr(lang, 'members.withdrawConfirm') }).click();
    await p.getByText(tr(lang, 'members.withdrawn', { name: world.developer.name })).waitFor();
    await expectVerify(secret, { valid: false, code: 'REVOKED' });

    // Someone with access to several tenants switches between them.
    const platform = await ApiSession.signIn(harness.url, 'platform@example.test', 'platform-password-1');
    const other = await platform.call<{ id: string; name: string }>('POST', '/tenants', { name: `${world.tenantName} West` });
    await platform.call('PUT', `/tenants/${other.id}/members/${world.admin.id}`, { roles: ['tenant_admin'], licensed: false });
    await p.reload();
    await p.getByRole('combobox', { name: tr(lang, 'header.tenant'), exact: true }).selectOption({ label: other.name });
    await nav(p, lang, 'nav.settings');
    await p.getByText(tr(lang, 'settings.intro', { tenant: other.name })).waitFor();
    await p.getByRole('combobox', { name: tr(lang, 'header.tenant'), exact: true }).selectOption({ label: world.tenantName });
    await p.getByText(tr(lang, 'settings.intro', { tenant: world.tenantName })).waitFor();
    await nav(p, lang, 'nav.members');

    // The language can be switched at any time; dates follow it.
    await p.getByRole('button', { name: 'Nederlands' }).click();
    await heading(p, tr('nl', 'members.title'));
    expect(await p.getAttribute('html', 'lang')).toBe('nl');
    await p.getByRole('button', { name: 'English' }).click();
    await heading(p, tr('en', 'members.title'));

    expectClean(view);
    await view.context.close();
  }, 90_000);

  it('lets the platform admin start from nothing: a tenant, an account and access for it', async () => {
    const lang: Lang = 'en';
    const tag = Date.now().toString(36);
    const tenantName = `Fresh ${tag}`;
    const person = { name: `Pat ${tag}`, email: `pat.${tag}@example.test`, password: 'pat-password-1' };
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, ADMIN.email, ADMIN.password);
    await nav(p, lang, 'nav.platform');
    await p.getByLabel(tr(lang, 'platform.tenantName')).fill(tenantName);
    await p.getByRole('button', { name: tr(lang, 'platform.createTenant') }).click();
    await p.getByText(tr(lang, 'platform.tenantCreated', { name: tenantName })).waitFor();
    const form = p.getByRole('region', { name: tr(lang, 'platform.newUser') });
    await form.getByLabel(tr(lang, 'platform.userName')).fill(person.name);
    await form.getByLabel(tr(lang, 'login.email')).fill(person.email);
    await form.getByLabel(tr(lang, 'platform.password')).fill(person.password);
    await form.getByRole('button', { name: tr(lang, 'platform.createUser') }).click();
    await p.getByText(tr(lang, 'platform.userCreated', { name: person.name })).waitFor();
    await p.getByRole('cell', { name: person.email }).waitFor();

    // The new tenant is in the switcher; grant the new account access there.
    await p.getByRole('combobox', { name: tr(lang, 'header.tenant'), exact: true }).selectOption({ label: tenantName });
    await nav(p, lang, 'nav.members');
    await p.getByLabel(tr(lang, 'members.email')).fill(person.email);
    await p.getByRole('button', { name: tr(lang, 'members.find') }).click();
    await p.getByRole('button', { name: tr(lang, 'members.grant'), exact: true }).click();
    await p.getByText(tr(lang, 'members.granted', { name: person.name })).waitFor();

    const theirs = await openConsole(harness, lang);
    await signIn(theirs.page, harness, lang, person.email, person.password);
    await theirs.page.getByText(tenantName).first().waitFor();
    await nav(theirs.page, lang, 'nav.myKeys');
    await theirs.page.getByText(tr(lang, 'errors.API_KEYS_DISABLED')).waitFor();

    expectClean(view);
    expectClean(theirs);
    await view.context.close();
    await theirs.context.close();
  }, 90_000);

  it('can be used from the keyboard alone', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await p.goto(harness.url + '/my-keys');
    await p.getByLabel(tr(lang, 'login.email')).waitFor();
    // The email field has focus on arrival; Tab moves to the password, Enter signs in.
    await p.keyboard.type(world.developer.email);
    await p.keyboard.press('Tab');
    await p.keyboard.type(world.developer.password);
    await p.keyboard.press('Enter');
    await heading(p, tr(lang, 'myKeys.title'));

    // The skip link leads past the navigation; the generate button opens its dialog with Enter.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(tr(lang, 'nav.skip'));
    const generate = p.getByRole('button', { name: tr(lang, 'myKeys.generate') });
    await generate.focus();
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: tr(lang, 'generate.title') });
    await dialog.waitFor();
    expect(await p.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await p.keyboard.type('Typed key');
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(tr(lang, 'myKeys.generate'));

    // Enter in the form submits it; the secret dialog takes focus.
    await p.keyboard.press('Enter');
    await p.keyboard.type('Typed key');
    await p.keyboard.press('Enter');
    await p.getByRole('dialog', { name: tr(lang, 'secret.title') }).waitFor();
    expect(await p.evaluate(() => document.activeElement?.closest('dialog')?.textContent ?? '')).toContain(tr(lang, 'secret.warningTitle'));

    expectClean(view);
    await view.context.close();
  }, 60_000);

  it('finds keys by owner, sorts them by a column and pages through them', async () => {
    const lang: Lang = 'nl';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const platform = await ApiSession.signIn(harness.url, ADMIN.email, ADMIN.password);
    await platform.call('PATCH', `/tenants/${world.tenantId}/settings`, { maxActiveKeysPerUser: 100 });
    await platform.call('PUT', `/tenants/${world.tenantId}/members/${world.admin.id}`, { roles: ['tenant_admin', 'developer'], licensed: true });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const admin = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    for (let i = 1; i <= 27; i++) {
      await developer.call('POST', `/tenants/${world.tenantId}/keys`, { name: `Dev key ${String(i).padStart(2, '0')}` });
    }
    await admin.call('POST', `/tenants/${world.tenantId}/keys`, { name: 'Admin own key' });

    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.keys');
    const table = p.getByRole('table', { name: tr(lang, 'keys.caption') });
    await table.getByRole('link', { name: 'Admin own key' }).waitFor();
    expect(await table.getByRole('row').count()).toBe(26); // a header and a page of 25

    await p.getByLabel(tr(lang, 'keys.filterOwner')).selectOption({ label: `${world.admin.name} (${world.admin.email})` });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);

    await p.getByLabel(tr(lang, 'keys.filterOwner')).selectOption({ label: tr(lang, 'keys.anyOwner') });
    await table.getByRole('button', { name: tr(lang, 'keys.col.name') }).click();
    await expect.poll(() => table.getByRole('columnheader', { name: tr(lang, 'keys.col.name') }).getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => table.getByRole('link').first().textContent()).toBe('Admin own key');
    await p.getByRole('button', { name: tr(lang, 'common.next') }).click();
    await p.getByText(tr(lang, 'common.page', { n: 2 })).waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    expect(await table.getByRole('link').allTextContents()).toEqual(['Dev key 25', 'Dev key 26', 'Dev key 27']);
    expect(await p.getByRole('button', { name: tr(lang, 'common.next') }).isDisabled()).toBe(true);
    await p.getByRole('button', { name: tr(lang, 'common.previous') }).click();
    await expect.poll(() => table.getByRole('link').first().textContent()).toBe('Admin own key');

    await table.getByRole('button', { name: tr(lang, 'keys.col.name') }).click();
    await expect.poll(() => table.getByRole('link').first().textContent()).toBe('Dev key 27');

    expectClean(view);
    await view.context.close();
  }, 90_000);

  it('shows the server\u2019s refusal of a setting, and marks alarming events', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    // Answers the server could give that this set-up cannot provoke: a refusal and an excessive use.
    await p.route('**/api/v1/tenants/*/settings', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'maxExpiryDays: must be at most 365 here', details: [{ field: '/maxExpiryDays', message: 'must be at most 365 here' }] } }),
          })
        : route.continue());
    await p.route('**/api/v1/tenants/*/events?*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          items: [{
            id: 'evt_excessive', tenantId: world.tenantId, at: new Date().toISOString(), type: 'key.excessive_use',
            actor: { type: 'system', id: null }, keyId: 'key_busy', ip: null, userAgent: null,
            details: { perMinute: 900, limit: 100 }, prevHash: 'a', hash: 'b',
          }],
          nextCursor: null,
        }),
      }));
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.settings');
    await p.getByLabel(tr(lang, 'settings.limitExpiry')).check();
    await p.getByLabel(tr(lang, 'settings.maxExpiryDays')).fill('400');
    await p.getByRole('button', { name: tr(lang, 'settings.save') }).click();
    const alert = p.getByRole('alert');
    await alert.getByText(tr(lang, 'errors.VALIDATION_FAILED')).waitFor();
    await alert.getByText('maxExpiryDays: must be at most 365 here', { exact: true }).waitFor();
    await alert.getByText('/maxExpiryDays', { exact: true }).waitFor();

    await nav(p, lang, 'nav.events');
    const row = p.locator('tr.row-alarm');
    await row.getByText(tr(lang, 'eventType.key.excessive_use'), { exact: true }).waitFor();
    await row.getByRole('button', { expanded: false }).click();
    await p.getByRole('button', { name: tr(lang, 'keys.copyId', { id: 'key_busy' }) }).click();
    await expect.poll(() => p.evaluate(() => navigator.clipboard.readText())).toBe('key_busy');
    await p.getByRole('link', { name: tr(lang, 'events.openKey') }).waitFor();

    expect(view.errors).toEqual([]);
    await view.context.close();
  }, 60_000);
});

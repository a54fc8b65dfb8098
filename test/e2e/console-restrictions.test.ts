// The console's key metadata and allowed addresses end to end, in both languages: a developer edits
// a key's meta (the JSON is checked before it is sent) and narrows its addresses (a wider list is
// refused by the server), a tenant admin widens them and sets the tenant's default in Settings;
// verify answers follow each change.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWorld, openConsole, screenshot, seriousViolations, signIn, tr, useHarness, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

/** Verify from this process: the server sees 127.0.0.1. */
async function verifyMeta(secret: string): Promise<{ valid: boolean; code?: string; meta?: unknown }> {
  const response = await fetch(`${harness.url}/api/v1/verify`, { method: 'POST', headers: { 'x-api-key': secret } });
  return (await response.json()) as { valid: boolean; code?: string; meta?: unknown };
}

async function save(p: Page, lang: Lang) {
  await p.getByRole('button', { name: tr(lang, 'restrictions.save') }).click();
}

/**
 * Saves and waits for the key's PATCH to be answered: the "saved" notice of the save before may
 * still be shown when the click returns, so it cannot say that this save has landed.
 */
async function saveAndWait(p: Page, lang: Lang, keyId: string) {
  const answered = p.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().endsWith(`/keys/${keyId}`));
  await save(p, lang);
  expect((await answered).status()).toBe(200);
}

describe.each(['en', 'nl'] as const)('the console\u2019s key metadata and allowed addresses (%s)', (lang) => {
  it('lets the owner edit meta and narrow addresses, an admin widen them and set the tenant default', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await harness.world.api.login(world.developer.email, world.developer.password);
    const { key, secret } = await harness.world.createKey(world.tenantId, developer, {
      name: 'Billing job', meta: { customer: 'cus_1234' }, allowedIps: ['127.0.0.0/8', '10.0.0.0/8'],
    });
    expect(await verifyMeta(secret)).toMatchObject({ valid: true, meta: { customer: 'cus_1234' } });

    // The owner: meta is checked before it is sent, then saved and answered by verify.
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await p.goto(`${harness.url}/keys/${key.id}`);
    await heading(p, tr(lang, 'key.title', { name: 'Billing job' }));
    const meta = p.getByRole('textbox', { name: tr(lang, 'restrictions.meta'), exact: true });
    expect(JSON.parse(await meta.inputValue())).toEqual({ customer: 'cus_1234' });
    await meta.fill('{"customer": ');
    await save(p, lang);
    await p.getByText(tr(lang, 'restrictions.metaInvalid')).waitFor();
    await meta.fill('["not", "an", "object"]');
    await save(p, lang);
    await p.getByText(tr(lang, 'restrictions.metaNotObject')).waitFor();
    await meta.fill(JSON.stringify({ a: 'x'.repeat(4100) }));
    await save(p, lang);
    await p.getByText(tr(lang, 'restrictions.metaTooLarge', { bytes: 4108, max: 4096 })).waitFor();
    await meta.fill('{"customer": "cus_5678", "plan": "gold"}');
    const addresses = p.getByRole('textbox', { name: tr(lang, 'restrictions.allowedIps'), exact: true });
    expect((await addresses.inputValue()).split('\n')).toEqual(['127.0.0.0/8', '10.0.0.0/8']);
    await p.getByText(tr(lang, 'restrictions.ipsOwnerHint')).waitFor();
    await addresses.fill('127.0.0.1\nnot-an-address');
    await save(p, lang);
    await p.getByText(tr(lang, 'restrictions.ipsInvalid', { entry: 'not-an-address' })).waitFor();
    await addresses.fill('127.0.0.1');
    await saveAndWait(p, lang, key.id);
    await p.getByRole('status').filter({ hasText: tr(lang, 'restrictions.saved') }).waitFor();
    expect(await verifyMeta(secret)).toMatchObject({ valid: true, meta: { customer: 'cus_5678', plan: 'gold' } });
    await screenshot(p, 'restrictions-key', lang);
    expect(await seriousViolations(p)).toEqual([]);

    // Wider than the key's list: the server refuses the owner.
    await addresses.fill('127.0.0.0/8');
    await save(p, lang);
    await p.getByRole('alert').getByText(tr(lang, 'errors.FORBIDDEN')).waitFor();

    // The tenant admin widens it freely, then sets the tenant default in Settings.
    const adminView = await openConsole(harness, lang);
    const a = adminView.page;
    await signIn(a, harness, lang, world.admin.email, world.admin.password);
    await a.goto(`${harness.url}/keys/${key.id}`);
    await heading(a, tr(lang, 'key.title', { name: 'Billing job' }));
    await a.getByText(tr(lang, 'restrictions.ipsAdminHint')).waitFor();
    const adminList = a.getByRole('textbox', { name: tr(lang, 'restrictions.allowedIps'), exact: true });
    // A save reads the key again; that read is held here until the admin has typed on, so the
    // page meets it after the typing, as a slow answer would: what was typed must stay.
    let releaseRead!: () => void;
    const readHeld = new Promise<void>((resolve) => { releaseRead = resolve; });
    await a.route(`**/keys/${key.id}`, async (route) => {
      if (route.request().method() === 'GET') await readHeld;
      await route.continue();
    });
    await adminList.fill('10.0.0.0/8');
    await saveAndWait(a, lang, key.id);
    await a.getByRole('status').filter({ hasText: tr(lang, 'restrictions.saved') }).waitFor();
    expect(await verifyMeta(secret)).toEqual({ valid: false, code: 'IP_NOT_ALLOWED' });
    await adminList.fill('');
    const read = a.waitForResponse((res) => res.request().method() === 'GET' && res.url().endsWith(`/keys/${key.id}`));
    releaseRead();
    await read;
    // Two frames: the answer is rendered and the page's effects have run.
    await a.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await adminList.inputValue()).toBe('');
    await a.unroute(`**/keys/${key.id}`);
    await saveAndWait(a, lang, key.id);
    await a.getByRole('status').filter({ hasText: tr(lang, 'restrictions.saved') }).waitFor();
    expect((await verifyMeta(secret)).valid).toBe(true);

    await nav(a, lang, 'nav.settings');
    await heading(a, tr(lang, 'settings.title'));
    const tenantList = a.getByRole('textbox', { name: tr(lang, 'restrictions.tenantAllowedIps'), exact: true });
    await tenantList.fill('192.0.2.9/24\n2001:DB8::/32');
    await a.getByRole('button', { name: tr(lang, 'restrictions.tenantSave') }).click();
    await a.getByRole('status').filter({ hasText: tr(lang, 'restrictions.tenantSaved') }).waitFor();
    // Stored normalised, and the key without a list of its own now follows it.
    expect((await tenantList.inputValue()).split('\n')).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    expect(await verifyMeta(secret)).toEqual({ valid: false, code: 'IP_NOT_ALLOWED' });
    await screenshot(a, 'restrictions-settings', lang);
    expect(await seriousViolations(a)).toEqual([]);
    await tenantList.fill('');
    await a.getByRole('button', { name: tr(lang, 'restrictions.tenantSave') }).click();
    await a.getByRole('status').filter({ hasText: tr(lang, 'restrictions.tenantSaved') }).waitFor();
    expect((await verifyMeta(secret)).valid).toBe(true);
  }, 90_000);
});

// The console end to end: real server, fresh SQLite database, real headless Chromium.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ADMIN, ApiSession, buildWorld, openConsole, screenshot, seriousViolations, signIn, useHarness, tr, verify, type Harness, type Lang,
} from './harness.js';
import { closeSecret, expectVerify, generateKey, generateKeyFromOpenDialog, heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

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
    const platform = await ApiSession.signIn(harness.url, ADMIN.email, ADMIN.password);
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

    const secret = await generateKey(d, lang, 'Billing job', { scope: `Accounts (${tr(lang, 'resourceType.account')})` });
    await d.getByRole('button', { name: tr(lang, 'secret.copy') }).click();
    await d.getByText(tr(lang, 'common.copied')).first().waitFor({ state: 'attached' });
    expect(await d.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await closeSecret(d, lang);
    await expectVerify(harness, secret, { valid: true });
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
    await expectVerify(harness, secret, { valid: false, code: 'REVOKED' });
    await expectVerify(harness, secret, { valid: false, code: 'REVOKED' }); // twice: a program retrying

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
    await expectVerify(harness, nightly, { valid: false, code: 'REVOKED' });
    await expectVerify(harness, ci, { valid: false, code: 'REVOKED' });

    // The events page shows all of it; failed verifications of a known key stand out.
    await nav(a, lang, 'nav.events');
    await heading(a, tr(lang, 'events.title'));
    const table = a.getByRole('table', { name: tr(lang, 'events.caption') });
    for (const type of ['settings.updated', 'member.granted', 'key.created', 'key.revoked']) {
      await table.getByText(tr(lang, `eventType.${type}`), { exact: true }).first().waitFor();
    }
    // Failures are summed per key per minute and the summary is written when its minute ends:
    // end it now rather than wait for the clock.
    await harness.closeFailureMinute();
    await expect.poll(async () => {
      await a.getByRole('button', { name: tr(lang, 'events.apply') }).click();
      return a.locator('tr.row-alarm').filter({ hasText: tr(lang, 'eventType.key.verify_failed') }).count();
    }, { timeout: 15_000, interval: 1_000 }).toBeGreaterThan(0);
    await a.getByLabel(tr(lang, 'events.type')).selectOption('key.revoked');
    await a.getByRole('button', { name: tr(lang, 'events.apply') }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(4); // the header and three revocations
    const toggle = table.getByRole('button', { expanded: false }).first();
    await toggle.click();
    await table.getByRole('button', { expanded: true }).waitFor();
    await table.getByRole('link', { name: tr(lang, 'events.openKey') }).click();
    await a.getByRole('heading', { level: 2, name: tr(lang, 'usage.title') }).waitFor();
    await a.locator('figure.chart svg[role="img"]').waitFor();
  }, 180_000);


  it.each<Lang>(['en', 'nl'])('shows every page in %s, with no serious accessibility violations', async (lang) => {
    // Plain names, since this test also makes the screenshots; each language gets its own tenant.
    const world = await buildWorld(harness, { grant: true, enable: true, tenantName: lang === 'en' ? 'Acme Corporation' : 'Acme Nederland' });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const keys: { key: { id: string }; secret: string }[] = [];
    for (const name of ['Billing job', 'Nightly export', 'CI pipeline']) {
      keys.push(await developer.call('POST', `/tenants/${world.tenantId}/keys`, { name, description: `${name} for the report`, expiresInDays: 30 }));
    }
    for (let i = 0; i < 3; i++) await verify(harness.url, keys[0].secret);
    const admin = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    await admin.call('POST', `/tenants/${world.tenantId}/keys/${keys[2].key.id}/revoke`);
    await admin.call('POST', `/tenants/${world.tenantId}/webhooks`, {
      url: 'https://hooks.example.test/keywarden', eventTypes: ['key.*', 'member.withdrawn'], description: lang === 'en' ? 'Security team' : 'Beveiligingsteam',
    });
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
    await p.getByRole('table', { name: tr(lang, 'events.caption') }).getByRole('row')
      .filter({ hasText: tr(lang, 'eventType.key.revoked') }).getByRole('button', { expanded: false }).click();
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

    await nav(p, lang, 'nav.webhooks');
    await heading(p, tr(lang, 'webhooks.title'));
    await p.locator('td code', { hasText: 'https://hooks.example.test/keywarden' }).waitFor();
    await check(p, 'webhooks');
    await p.getByRole('button', { name: tr(lang, 'webhooks.add') }).click();
    const form = p.getByRole('dialog', { name: tr(lang, 'webhooks.addTitle') });
    await form.getByRole('group', { name: tr(lang, 'webhooks.area.member') }).getByLabel(tr(lang, 'webhooks.wholeArea')).check();
    await check(p, 'webhook-form');
    await form.getByRole('button', { name: tr(lang, 'common.cancel') }).click();

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
  }, 120_000);

});

// The admin’s side of the console end to end: members, tenants, the key table, server refusals.
import { describe, expect, it } from 'vitest';
import {
  ADMIN, ApiSession, buildWorld, openConsole, signIn, useHarness, tr, type Harness, type Lang,
} from './harness.js';
import { expectVerify, heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

describe('the console for admins', () => {
  it('lets an admin give themself the developer role and withdraw a member\u2019s access', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const { secret } = await developer.call<{ secret: string }>('POST', `/tenants/${world.tenantId}/keys`, { name: 'Soon gone' });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    // Without the developer role an admin is still offered My API keys, where they can take the role.
    await expect(p.getByRole('link', { name: tr(lang, 'nav.myKeys') }).count()).resolves.toBe(1);
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
    await expectVerify(harness, secret, { valid: false, code: 'REVOKED' });

    // Someone with access to several tenants switches between them.
    const platform = await ApiSession.signIn(harness.url, ADMIN.email, ADMIN.password);
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
  }, 90_000);


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
  }, 60_000);
});

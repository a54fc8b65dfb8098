// Settings → Key policies end to end, in English and Dutch: a tenant admin switches the policies on
// (with a refused number first), lays down the resource-type rule with the preset, and a key's page
// says when it is due for rotation and when it will be revoked if unused.
import { describe, expect, it } from 'vitest';
import { ApiSession, buildWorld, openConsole, screenshot, seriousViolations, signIn, tr, useHarness, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

/** A text with a date in it, matched whatever the date looks like in the locale. */
const withAnyDate = (lang: Lang, key: string) =>
  new RegExp(tr(lang, key, { date: '\u0000' }).split('\u0000').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+'));

const PRESET = { '': ['account'], account: ['folder'], folder: ['building'], building: ['database'] };

describe('the console\u2019s key policies', () => {
  it.each<Lang>(['en', 'nl'])('lets a tenant admin set the policies and the resource types, and shows them on a key, in %s', async (lang) => {
    const world = await buildWorld(harness, { grant: true, enable: true, tenantName: `Policies ${lang}` });
    const admin = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.settings');
    const section = p.getByRole('region', { name: tr(lang, 'policies.title') });
    await section.waitFor();

    // A number out of range is refused before it reaches the server.
    await section.getByRole('checkbox', { name: tr(lang, 'policies.rotate') }).check();
    await section.getByLabel(tr(lang, 'policies.rotationReminderDays')).fill('0');
    await section.getByRole('button', { name: tr(lang, 'policies.save') }).click();
    await section.getByText(tr(lang, 'policies.badDays')).waitFor();
    expect((await admin.call<{ rotationReminderDays: number | null }>('GET', `/tenants/${world.tenantId}/settings`)).rotationReminderDays).toBeNull();

    await section.getByLabel(tr(lang, 'policies.rotationReminderDays')).fill('30');
    await section.getByRole('checkbox', { name: tr(lang, 'policies.revokeUnused') }).check();
    await section.getByLabel(tr(lang, 'policies.revokeUnusedAfterDays')).fill('60');
    await section.getByText(tr(lang, 'policies.revokeUnusedHint', { days: 7 })).waitFor();
    await section.getByRole('radio', { name: tr(lang, 'policies.leakNotify') }).check();

    // The rule editor: a bad type word is pointed out; the preset lays down the usual tree.
    await section.getByRole('checkbox', { name: tr(lang, 'policies.restrictTypes') }).check();
    await section.getByRole('button', { name: tr(lang, 'policies.addRule') }).click();
    await section.getByLabel(tr(lang, 'policies.parentType', { n: 1 })).fill('Big Folder');
    await section.getByRole('button', { name: tr(lang, 'policies.save') }).click();
    await section.getByText(tr(lang, 'policies.badType')).waitFor();
    await section.getByRole('button', { name: tr(lang, 'policies.preset') }).click();
    await expect(section.getByLabel(tr(lang, 'policies.allowed', { n: 2 })).inputValue()).resolves.toBe('folder');
    await section.getByRole('button', { name: tr(lang, 'policies.save') }).click();
    await section.getByText(tr(lang, 'policies.saved')).waitFor();
    expect(await admin.call('GET', `/tenants/${world.tenantId}/settings`)).toMatchObject({
      rotationReminderDays: 30, revokeUnusedAfterDays: 60, leakPolicy: 'notify', resourceTypes: PRESET,
    });
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'policies-settings', lang);

    // The rule now holds for resources: a folder at the top level is refused.
    await expect(admin.call('POST', `/tenants/${world.tenantId}/resources`, { type: 'folder', name: 'Loose' })).rejects.toThrow(/400/);

    // A key made 40 days ago is due for rotation, and will be revoked if it stays unused.
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const { key } = await developer.call<{ key: { id: string; name: string } }>('POST', `/tenants/${world.tenantId}/keys`, { name: 'Nightly export' });
    await harness.world.setKey(key.id, { created_at: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    await p.goto(`${harness.url}/keys/${key.id}`);
    await heading(p, tr(lang, 'key.title', { name: key.name }));
    await p.getByText(withAnyDate(lang, 'policies.key.dueSince')).waitFor();
    await p.getByText(withAnyDate(lang, 'policies.key.revokeOn')).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'policies-key', lang);
  });
});

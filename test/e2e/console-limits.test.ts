// Named limits in the console, in both languages (DESIGN v1.1 "Named limits"): a platform admin
// gives a tenant a plan and sets a balance on the platform page; a tenant admin gives a key a limit
// of its own and sets its balance on the key's page; verify then counts with them.
import { describe, expect, it } from 'vitest';
import { ADMIN, ApiSession, buildWorld, openConsole, screenshot, seriousViolations, signIn, tr, useHarness, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

describe.each(['en', 'nl'] as Lang[])('named limits in the console (%s)', (lang) => {
  it('lets a platform admin set a tenant\'s plan and a balance, and a tenant admin a key\'s limits and balance', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true, tenantName: lang === 'en' ? 'Northwind' : 'Noordwind' });

    // The platform admin: a plan of one monthly credits limit for the whole tenant.
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, ADMIN.email, ADMIN.password);
    await nav(p, lang, 'nav.platform');
    await heading(p, tr(lang, 'platform.title'));
    const plan = p.getByRole('region', { name: tr(lang, 'limits.planTitle') });
    await plan.getByLabel(tr(lang, 'limits.tenant')).selectOption({ label: world.tenantName });
    await plan.getByText(tr(lang, 'limits.none')).waitFor();
    await plan.getByRole('button', { name: tr(lang, 'limits.add') }).click();
    await plan.getByLabel(tr(lang, 'limits.nameOf', { n: 1 })).fill('tokens');
    await plan.getByLabel(tr(lang, 'limits.limitOf', { n: 1 })).fill('500');
    await plan.getByLabel(tr(lang, 'limits.refillOf', { n: 1 })).selectOption({ label: tr(lang, 'limits.monthly') });
    await plan.getByLabel(tr(lang, 'limits.dayOfMonthOf', { n: 1 })).fill('15');
    await plan.getByRole('button', { name: tr(lang, 'limits.save') }).click();
    await plan.getByText(tr(lang, 'limits.saved')).waitFor();
    const planRow = plan.getByRole('row').filter({ hasText: 'tokens' });
    await planRow.waitFor();
    await planRow.getByLabel(tr(lang, 'limits.newBalanceOf', { name: 'tokens' })).fill('123');
    await planRow.getByRole('button', { name: tr(lang, 'limits.set') }).click();
    await planRow.getByRole('cell', { name: '123', exact: true }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'limits-plan', lang);

    const platform = await ApiSession.signIn(harness.url, ADMIN.email, ADMIN.password);
    const settings = await platform.call<{ limits: unknown[] }>('GET', `/tenants/${world.tenantId}/settings`);
    expect(settings.limits).toEqual([{ name: 'tokens', kind: 'credits', per: 'tenant', limit: 500, refill: { amount: 500, interval: 'month', dayOfMonth: 15 }, autoApply: false }]);

    // The tenant admin: a key of the developer gets a limit of its own, and a balance.
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const created = await developer.call<{ key: { id: string }; secret: string }>('POST', `/tenants/${world.tenantId}/keys`, { name: 'Image export' });
    const adminView = await openConsole(harness, lang);
    const a = adminView.page;
    await signIn(a, harness, lang, world.admin.email, world.admin.password);
    await a.goto(`${harness.url}/keys/${created.key.id}`);
    const limits = a.getByRole('region', { name: tr(lang, 'limits.keyTitle') });
    await limits.getByRole('button', { name: tr(lang, 'limits.add') }).click();
    await limits.getByLabel(tr(lang, 'limits.nameOf', { n: 1 })).fill('images');
    await limits.getByLabel(tr(lang, 'limits.limitOf', { n: 1 })).fill('10');
    await limits.getByLabel(tr(lang, 'limits.autoApplyOf', { n: 1 })).check();
    await limits.getByRole('button', { name: tr(lang, 'limits.save') }).click();
    await limits.getByText(tr(lang, 'limits.saved')).waitFor();
    const keyRow = limits.getByRole('row').filter({ hasText: 'images' });
    await keyRow.getByLabel(tr(lang, 'limits.newBalanceOf', { name: 'images' })).fill('4');
    await keyRow.getByRole('button', { name: tr(lang, 'limits.set') }).click();
    await keyRow.getByRole('cell', { name: '4', exact: true }).waitFor();
    expect(await seriousViolations(a)).toEqual([]);
    await screenshot(a, 'limits-key', lang);

    const answer = await fetch(`${harness.url}/api/v1/verify`, { method: 'POST', headers: { 'x-api-key': created.secret } }).then((r) => r.json());
    expect(answer).toMatchObject({ valid: true, limits: [{ name: 'images', remaining: 3 }] });
  });
});

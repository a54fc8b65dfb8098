// The console's usage views end to end, in both languages: a tenant admin sees the most used keys
// and the most failed verifications on the Overview (each linking to its key), sorts the key list by
// Verifications (24 h), reads the Usage page (per day, top keys, top owners) and downloads its CSV,
// and reads the current peak beside the excessive-use setting; a platform admin sees usage per
// tenant on the Platform page.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMIN, buildWorld, openConsole, screenshot, seriousViolations, signIn, tr, useHarness, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';
import { csvRecords } from '../usage/helpers.js';

let harness: Harness;
useHarness((started) => { harness = started; });

async function verifyTimes(secret: string, times: number, body?: object): Promise<void> {
  for (let i = 0; i < times; i++) {
    await fetch(`${harness.url}/api/v1/verify`, {
      method: 'POST', headers: { 'x-api-key': secret, ...(body && { 'content-type': 'application/json' }) }, ...(body && { body: JSON.stringify(body) }),
    });
  }
}

describe.each(['en', 'nl'] as const)('the console\u2019s usage views in %s', (lang) => {
  it('shows the busiest keys, sorts by verifications, charts usage, downloads CSV and shows usage per tenant', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await harness.world.api.login(world.developer.email, world.developer.password);
    const busy = await harness.world.createKey(world.tenantId, developer, { name: 'Busy export', remaining: 1000 });
    const quiet = await harness.world.createKey(world.tenantId, developer, { name: 'Quiet sync' });
    await harness.world.createKey(world.tenantId, developer, { name: 'Idle backup' });
    await verifyTimes(busy.secret, 6, { cost: 2 });
    await verifyTimes(quiet.secret, 2);
    await verifyTimes(quiet.secret, 3, { permission: 'admin' }); // FORBIDDEN: failed
    await harness.closeFailureMinute(); // flushes usage too

    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);

    // Overview: today's most used keys and most failed verifications, each a link to its key.
    const used = p.getByRole('region', { name: tr(lang, 'metering.top.mostUsedToday') });
    await used.getByRole('link', { name: 'Busy export' }).waitFor();
    const usedText = await used.getByRole('listitem').allInnerTexts();
    expect(usedText[0]).toContain('Busy export');
    expect(usedText[1]).toContain('Quiet sync');
    const failing = p.getByRole('region', { name: tr(lang, 'metering.top.mostFailedToday') });
    await failing.getByRole('link', { name: 'Quiet sync' }).waitFor();
    expect(await failing.getByRole('listitem').count()).toBe(1);
    await screenshot(p, 'usage-overview', lang);
    await failing.getByRole('link', { name: 'Quiet sync' }).click();
    await heading(p, tr(lang, 'key.title', { name: 'Quiet sync' }));

    // API keys: the Verifications (24 h) column sorts the busiest first on a second press.
    await nav(p, lang, 'nav.keys');
    await heading(p, tr(lang, 'keys.title'));
    const sortButton = p.getByRole('button', { name: tr(lang, 'metering.col.usage24h') });
    await sortButton.click();
    await p.getByRole('columnheader', { name: tr(lang, 'metering.col.usage24h') }).and(p.locator('[aria-sort="ascending"]')).waitFor();
    await sortButton.click();
    await p.getByRole('columnheader', { name: tr(lang, 'metering.col.usage24h') }).and(p.locator('[aria-sort="descending"]')).waitFor();
    const firstRow = p.getByRole('row').nth(1);
    await firstRow.getByRole('link', { name: 'Busy export' }).waitFor();
    await firstRow.getByRole('cell', { name: '6', exact: true }).waitFor();

    // Usage: per day, totals, top keys and owners, and the CSV of the period.
    await p.getByRole('navigation', { name: tr(lang, 'nav.label') }).getByRole('link', { name: tr(lang, 'metering.nav'), exact: true }).click();
    await heading(p, tr(lang, 'metering.page.title'));
    const perDay = p.getByRole('region', { name: tr(lang, 'metering.page.perDay') });
    await perDay.getByRole('img').waitFor();
    await perDay.getByText(tr(lang, 'metering.page.spent', { name: 'remaining' })).waitFor();
    const owners = p.getByRole('region', { name: tr(lang, 'metering.page.topOwners') });
    await owners.getByRole('cell', { name: 'Dana Developer' }).waitFor();
    const top = p.getByRole('region', { name: tr(lang, 'metering.top.mostUsed') });
    await top.getByRole('link', { name: 'Busy export' }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'usage', lang);
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: tr(lang, 'metering.page.download') }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('at,tenantId,ownerId,keyId,valid,failed,spent.remaining');
    const rows = csvRecords(csv);
    const sum = (keyId: string, field: string) => rows.filter((r) => r.keyId === keyId).reduce((n, r) => n + Number(r[field]), 0);
    expect([sum(busy.key.id, 'valid'), sum(busy.key.id, 'spent.remaining')]).toEqual([6, 12]);
    expect([sum(quiet.key.id, 'valid'), sum(quiet.key.id, 'failed')]).toEqual([2, 3]);

    // Settings: what the excessive-use threshold does, with the current peak for reference.
    await nav(p, lang, 'nav.settings');
    await heading(p, tr(lang, 'settings.title'));
    await p.getByLabel(tr(lang, 'settings.watchUse')).check();
    await p.getByText(tr(lang, 'metering.peak.explain')).waitFor();
    await p.getByTestId('current-peak').waitFor();
    expect(await p.getByTestId('current-peak').innerText()).toMatch(/6/);

    // A platform admin: usage per tenant this month, on the Platform page.
    const admin = await openConsole(harness, lang);
    await signIn(admin.page, harness, lang, ADMIN.email, ADMIN.password);
    await nav(admin.page, lang, 'nav.platform');
    const perTenant = admin.page.getByRole('region', { name: tr(lang, 'metering.platform.heading') });
    const line = perTenant.getByRole('row').filter({ hasText: world.tenantName });
    await line.getByRole('cell', { name: '8', exact: true }).waitFor();
    await line.getByRole('cell', { name: '3', exact: true }).waitFor();
    await screenshot(admin.page, 'usage-platform', lang);
  });
});

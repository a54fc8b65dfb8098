// Leaked keys in the console, both languages: a key reported through POST /leaks shows its leaked
// badge in the key list and a notice on its page with the source and the reported address, a link
// only when it is http(s) and one that passes nothing on (rel=noopener noreferrer).
import { describe, expect, it } from 'vitest';
import { buildWorld, openConsole, screenshot, seriousViolations, signIn, tr, useHarness, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

async function reportLeak(keys: string[], source: string, url: string): Promise<void> {
  const res = await fetch(`${harness.url}/api/v1/leaks`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keys, source, url }),
  });
  expect(res.status).toBe(202);
}

describe('leaked keys in the console', () => {
  it.each(['en', 'nl'] as Lang[])('shows a reported key as leaked in the list and on its page (%s)', async (lang) => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const api = harness.world;
    const developer = await api.api.login(world.developer.email, world.developer.password);
    const pasted = await api.createKey(world.tenantId, developer, { name: 'Billing export' });
    const odd = await api.createKey(world.tenantId, developer, { name: 'Warehouse sync' });
    await api.createKey(world.tenantId, developer, { name: 'Reporting' });
    await reportLeak([pasted.secret], 'Public paste site', 'https://paste.example/abc');
    const readKey = async (id: string) => (await api.call('GET', `/tenants/${world.tenantId}/keys/${id}`, { as: api.admin })).body;
    await expect.poll(async () => (await readKey(pasted.key.id)).status, { timeout: 10_000 }).toBe('revoked');
    // A URL that is not http(s) (never accepted by the API, but the console must not trust that).
    await api.server.ctx.store.db.updateTable('api_keys')
      .set({ leaked_at: new Date().toISOString(), leak_source: 'Old import', leak_url: 'javascript:alert(document.domain)', leak_count: 2 })
      .where('id', '=', odd.key.id).execute();

    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.keys');
    const row = (name: string) => p.getByRole('row').filter({ has: p.getByRole('link', { name, exact: true }) });
    await row('Billing export').getByText(tr(lang, 'leaks.badge'), { exact: true }).waitFor();
    await row('Warehouse sync').getByText(tr(lang, 'leaks.badge'), { exact: true }).waitFor();
    expect(await row('Reporting').getByText(tr(lang, 'leaks.badge'), { exact: true }).count()).toBe(0);
    await screenshot(p, 'leaks-list', lang);

    await row('Billing export').getByRole('link', { name: 'Billing export' }).click();
    await heading(p, tr(lang, 'key.title', { name: 'Billing export' }));
    const notice = p.getByRole('region', { name: new RegExp(tr(lang, 'leaks.title')) });
    await notice.getByText('Public paste site').waitFor();
    await notice.getByText(tr(lang, 'leaks.revoked')).waitFor();
    const link = notice.getByRole('link', { name: 'https://paste.example/abc' });
    expect(await link.getAttribute('href')).toBe('https://paste.example/abc');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'leaks-key', lang);

    await p.goto(`${harness.url}/keys/${odd.key.id}`);
    await heading(p, tr(lang, 'key.title', { name: 'Warehouse sync' }));
    const oddNotice = p.getByRole('region', { name: new RegExp(tr(lang, 'leaks.title')) });
    await oddNotice.getByText('javascript:alert(document.domain)').waitFor();
    expect(await oddNotice.getByRole('link').count()).toBe(0);
    await oddNotice.getByText(tr(lang, 'leaks.count_other', { count: 2 })).waitFor();
    await oddNotice.getByText(tr(lang, 'leaks.stillActive')).waitFor();
  }, 90_000);
});

// The seeds' flows in the console, in both languages: an owner narrows a key's permissions and
// regenerates it while an admin only reviews and revokes (DocBits); an admin reaches their own keys
// (Qlik); and no table is clipped at common laptop widths.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ADMIN, ApiSession, buildWorld, openConsole, screenshot, signIn, tr, useHarness, verify, type Harness, type Lang,
} from './harness.js';
import { SECRET_FORMAT, closeSecret, generateKey, heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

/** The words of a text before its first placeholder, to find it without knowing the values. */
const opening = (lang: Lang, key: string) => tr(lang, key, { at: '\u0000' }).split('\u0000')[0].trim();

interface Key {
  id: string;
  scopes: { resourceId: string | null; permission: string }[];
  management: boolean;
  status: string;
  rotatedTo: string | null;
}

async function openKey(p: Page, lang: Lang, name: string): Promise<void> {
  await nav(p, lang, 'nav.myKeys');
  await p.getByRole('link', { name, exact: true }).click();
  await heading(p, tr(lang, 'key.title', { name }));
}

describe.each(['en', 'nl'] as Lang[])('the console reviews and narrows permissions (%s)', (lang) => {
  it('lets the owner narrow scopes and switch management off, with only narrowing choices', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const account = await harness.world.resource(world.tenantId, 'Acme BV', null, 'account');
    const folder = await harness.world.resource(world.tenantId, 'Invoices', account, 'folder');
    await harness.world.resource(world.tenantId, 'Other BV', null, 'account');
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const created = await developer.call<{ key: Key }>('POST', `/tenants/${world.tenantId}/keys`, {
      name: 'Export job', management: true, scopes: [{ resourceId: account, permission: 'write' }, { resourceId: null, permission: 'read' }],
    });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await openKey(p, lang, 'Export job');
    const section = p.getByRole('region', { name: tr(lang, 'console.permissions.title') });
    await section.getByText(tr(lang, 'console.permissions.managementOn')).waitFor();

    await section.getByRole('button', { name: tr(lang, 'console.permissions.narrow') }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'console.narrow.title', { name: 'Export job' }) });
    const resource1 = dialog.getByLabel(tr(lang, 'scopes.resource', { n: 1 }));
    const permission1 = dialog.getByLabel(tr(lang, 'scopes.permission', { n: 1 }));
    // Only the scope's own resource and what lies below it, and no permission above its own.
    expect(await resource1.locator('option').allTextContents()).toEqual([
      `Acme BV (${tr(lang, 'resourceType.account')})`, `Invoices (${tr(lang, 'resourceType.folder')})`,
    ]);
    expect(await permission1.locator('option').allTextContents()).toEqual([tr(lang, 'permission.read'), tr(lang, 'permission.write')]);
    expect(await dialog.getByLabel(tr(lang, 'scopes.permission', { n: 2 })).locator('option').allTextContents()).toEqual([tr(lang, 'permission.read')]);
    expect(await dialog.getByRole('button', { name: tr(lang, 'console.narrow.submit') }).isDisabled()).toBe(true);

    // The server still refuses when the owner lost the developer role meanwhile: said plainly.
    await permission1.selectOption({ label: tr(lang, 'permission.read') });
    await harness.world.grant(world.tenantId, world.developer.id, [], true);
    await dialog.getByRole('button', { name: tr(lang, 'console.narrow.submit') }).click();
    await dialog.getByText(tr(lang, 'console.narrow.refused')).waitFor();
    await dialog.getByText(tr(lang, 'errors.FORBIDDEN')).waitFor();
    await harness.world.grant(world.tenantId, world.developer.id, ['developer'], true);
    await dialog.getByRole('button', { name: tr(lang, 'common.cancel') }).click();
    await section.getByRole('button', { name: tr(lang, 'console.permissions.narrow') }).click();

    await resource1.selectOption({ label: `Invoices (${tr(lang, 'resourceType.folder')})` });
    await permission1.selectOption({ label: tr(lang, 'permission.read') });
    await dialog.getByRole('button', { name: tr(lang, 'scopes.remove', { n: 2 }) }).click();
    expect(await dialog.getByRole('button', { name: tr(lang, 'scopes.remove', { n: 1 }) }).isDisabled()).toBe(true);
    await dialog.getByLabel(tr(lang, 'console.narrow.management')).uncheck();
    await screenshot(p, 'key-narrow', lang);
    await dialog.getByRole('button', { name: tr(lang, 'console.narrow.submit') }).click();
    await p.getByText(tr(lang, 'console.narrow.saved', { name: 'Export job' })).waitFor();
    await section.getByText(tr(lang, 'console.permissions.managementOff')).waitFor();
    await section.getByText(`Invoices: ${tr(lang, 'permission.read')}`).waitFor();
    const narrowed = await developer.call<Key>('GET', `/tenants/${world.tenantId}/keys/${created.key.id}`);
    expect(narrowed.scopes).toEqual([{ resourceId: folder, permission: 'read' }]);
    expect(narrowed.management).toBe(false);
  }, 120_000);

  it('lets the owner regenerate a key, saying what happens to the old one and for how long', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const created = await developer.call<{ key: Key; secret: string }>('POST', `/tenants/${world.tenantId}/keys`, { name: 'Webshop' });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await openKey(p, lang, 'Webshop');
    await p.getByRole('button', { name: tr(lang, 'myKeys.rotate'), exact: true }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'rotate.title', { name: 'Webshop' }) });
    await dialog.getByText(tr(lang, 'console.regenerate.atOnce')).waitFor();
    await dialog.getByLabel(tr(lang, 'rotate.grace')).selectOption({ label: tr(lang, 'rotate.period.86400') });
    await dialog.getByText(opening(lang, 'console.regenerate.until')).waitFor();
    await dialog.getByText(tr(lang, 'console.regenerate.adminMayRevoke')).waitFor();
    await screenshot(p, 'regenerate', lang);
    await dialog.getByRole('button', { name: tr(lang, 'rotate.submit') }).click();
    const secretDialog = p.getByRole('dialog', { name: tr(lang, 'secret.title') });
    const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(secret).toMatch(SECRET_FORMAT);
    await secretDialog.getByRole('button', { name: tr(lang, 'secret.done') }).click();
    // The new key's page, which names the key it replaces; both work during the grace period.
    await p.getByRole('link', { name: created.key.id }).waitFor();
    expect(await verify(harness.url, secret)).toMatchObject({ valid: true });
    expect(await verify(harness.url, created.secret)).toMatchObject({ valid: true });
  }, 90_000);

  it('shows an admin who is not the owner the permissions read-only, and lets them revoke', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const created = await developer.call<{ key: Key; secret: string }>('POST', `/tenants/${world.tenantId}/keys`, { name: 'Nightly sync' });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.keys');
    await p.getByRole('link', { name: 'Nightly sync' }).click();
    await heading(p, tr(lang, 'key.title', { name: 'Nightly sync' }));
    const section = p.getByRole('region', { name: tr(lang, 'console.permissions.title') });
    await section.getByText(tr(lang, 'console.permissions.readOnly', { owner: world.developer.name })).waitFor();
    expect(await section.getByRole('button').count()).toBe(0);
    await p.getByRole('button', { name: tr(lang, 'keys.revoke'), exact: true }).click();
    await p.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'keys.revokeConfirm_one') }).click();
    await p.getByText(tr(lang, 'status.revoked'), { exact: true }).first().waitFor();
    expect(await verify(harness.url, created.secret)).toMatchObject({ valid: false, code: 'REVOKED' });
  }, 90_000);
});

describe.each(['en', 'nl'] as Lang[])('the console gives an admin a path to their own keys (%s)', (lang) => {
  it('offers an admin without the developer role My API keys, and the role and a licence in one click each', async () => {
    const world = await buildWorld(harness, { enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    // Settings' API-keys section leads there too.
    await nav(p, lang, 'nav.settings');
    await p.getByRole('link', { name: tr(lang, 'console.ownKeys.generate') }).click();
    await heading(p, tr(lang, 'myKeys.title'));
    await p.getByText(tr(lang, 'errors.NOT_DEVELOPER')).waitFor();
    await p.getByText(tr(lang, 'console.selfAccess.developerExplain', { tenant: world.tenantName })).waitFor();
    await p.getByText(tr(lang, 'console.selfAccess.seatExplain')).waitFor();
    await screenshot(p, 'my-keys-admin', lang);

    await p.getByRole('button', { name: tr(lang, 'console.selfAccess.giveDeveloper') }).click();
    await p.getByText(tr(lang, 'errors.NOT_LICENSED')).waitFor();
    const platform = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    const members = await platform.call<{ items: { userId: string; roles: string[]; licensed: boolean }[] }>('GET', `/tenants/${world.tenantId}/members`);
    const self = members.items.find((m) => m.userId === world.admin.id);
    expect(self && [...self.roles].sort()).toEqual(['developer', 'tenant_admin']); // the admin role kept
    expect(self?.licensed).toBe(false); // and the licence as it was

    await p.getByRole('button', { name: tr(lang, 'console.selfAccess.takeSeat') }).click();
    await p.getByText(tr(lang, 'errors.NOT_LICENSED')).waitFor({ state: 'detached' });
    const secret = await generateKey(p, lang, 'Admin script');
    await closeSecret(p, lang);
    expect(await verify(harness.url, secret)).toMatchObject({ valid: true });
  }, 90_000);
});

interface TableFit {
  caption: string;
  viewport: number;
  pageWidth: number;
  frameLeft: number;
  frameRight: number;
  scrolls: boolean;
  tableRight: number;
  lastLeft: number;
  lastRight: number;
  /** The column headers a person sees with the frame scrolled to its start, and to its end. */
  shownAtStart: string[];
  shownAtEnd: string[];
}

/**
 * Every table of the page as it fits: its scroll frame (the nearest ancestor that scrolls across),
 * and, with that frame scrolled to its far right, where the table and its last (actions) column end.
 */
function measureTables(p: Page): Promise<TableFit[]> {
  return p.evaluate(() => {
    const fits: TableFit[] = [];
    for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('main table'))) {
      let frame: HTMLElement = table;
      while (frame.parentElement && !['auto', 'scroll'].includes(getComputedStyle(frame).overflowX)) frame = frame.parentElement;
      const before = frame.scrollLeft;
      window.scrollTo(0, window.scrollY + table.getBoundingClientRect().top - 120);
      // A header is seen when the topmost element at its middle is (inside) that header.
      const shown = () => Array.from(table.querySelectorAll<HTMLElement>('thead th')).filter((th) => {
        const r = th.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return top !== null && th.contains(top);
      }).map((th) => th.textContent?.trim() ?? '');
      frame.scrollLeft = 0;
      const shownAtStart = shown();
      frame.scrollLeft = frame.scrollWidth;
      const shownAtEnd = shown();
      const box = frame.getBoundingClientRect();
      // The frame's inner edges: inside its borders, where the content is clipped.
      const left = box.left + frame.clientLeft;
      const right = left + frame.clientWidth;
      const headers = table.querySelectorAll('thead th');
      const last = headers[headers.length - 1].getBoundingClientRect();
      fits.push({
        caption: table.caption?.textContent ?? '',
        viewport: document.documentElement.clientWidth,
        pageWidth: document.documentElement.scrollWidth,
        frameLeft: left,
        frameRight: right,
        scrolls: frame.scrollWidth > frame.clientWidth,
        tableRight: table.getBoundingClientRect().right,
        lastLeft: last.left,
        lastRight: last.right,
        shownAtStart,
        shownAtEnd,
      });
      frame.scrollLeft = before;
    }
    return fits;
  });
}

/** The table fits its frame, or scrolls inside it, with the actions column reachable; the page itself never scrolls across. */
function expectFits(fits: TableFit[], where: string, wanted: string[] = []): void {
  expect(fits.length, `${where}: tables`).toBeGreaterThan(0);
  for (const fit of fits) {
    const at = `${where}, ${fit.caption}: ${JSON.stringify(fit)}`;
    expect(fit.pageWidth, at).toBeLessThanOrEqual(fit.viewport);
    expect(fit.frameRight, at).toBeLessThanOrEqual(fit.viewport);
    expect(fit.tableRight, at).toBeLessThanOrEqual(fit.frameRight + 1);
    expect(fit.lastRight, at).toBeLessThanOrEqual(fit.frameRight + 1);
    expect(fit.lastLeft, at).toBeGreaterThanOrEqual(fit.frameLeft - 1);
    // The last column (the actions, where a table has them) is in view without scrolling, and after.
    const lastHeader = fit.shownAtEnd[fit.shownAtEnd.length - 1];
    expect(fit.shownAtStart, at).toContain(lastHeader);
    for (const header of wanted) expect(fit.shownAtStart.some((shown) => shown.startsWith(header)), `${header} at ${at}`).toBe(true);
  }
}

const WIDTHS = [1280, 1024];

describe.each(['en', 'nl'] as Lang[])('the console\u2019s tables at laptop widths (%s)', (lang) => {
  it('fits every table, or scrolls it inside its own frame with its actions reachable, at 1280 and 1024 px', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true, tenantName: `Gemeente Zuid-Hollandse Eilanden ${Date.now().toString(36)}` });
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    for (const name of ['Nachtelijke export naar het boekhoudsysteem van de afdeling Financiën', 'Webshop']) {
      await developer.call('POST', `/tenants/${world.tenantId}/keys`, { name, description: `${name}: gebruikt door de koppeling met het externe portaal` });
    }
    const admin = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    await admin.call('POST', `/tenants/${world.tenantId}/webhooks`, {
      url: 'http://127.0.0.1:9/hooks/keywarden/a-rather-long-path-for-the-security-teams-receiver', eventTypes: ['key.deleted', 'key.created', 'member.granted'],
      description: 'Beveiligingsteam',
    });

    const pages: { as: 'admin' | 'developer' | 'platform'; item: string; title: string }[] = [
      { as: 'admin', item: 'nav.keys', title: 'keys.title' },
      { as: 'admin', item: 'nav.members', title: 'members.title' },
      { as: 'admin', item: 'nav.events', title: 'events.title' },
      { as: 'admin', item: 'nav.webhooks', title: 'webhooks.title' },
      { as: 'developer', item: 'nav.myKeys', title: 'myKeys.title' },
      { as: 'platform', item: 'nav.platform', title: 'platform.title' },
    ];
    const people = {
      admin: [world.admin.email, world.admin.password],
      developer: [world.developer.email, world.developer.password],
      platform: [ADMIN.email, ADMIN.password],
    } as const;
    for (const as of ['admin', 'developer', 'platform'] as const) {
      const view = await openConsole(harness, lang);
      const p = view.page;
      await signIn(p, harness, lang, people[as][0], people[as][1]);
      for (const page of pages.filter((x) => x.as === as)) {
        await nav(p, lang, page.item);
        await heading(p, tr(lang, page.title));
        await p.locator('main table tbody tr').first().waitFor();
        for (const width of WIDTHS) {
          await p.setViewportSize({ width, height: 800 });
          // The key list fits a 1280 px screen whole: its status is seen without scrolling.
          const wanted = page.item === 'nav.keys' && width === 1280 ? [tr(lang, 'keys.col.status')] : [];
          expectFits(await measureTables(p), `${page.item} at ${width}px`, wanted);
        }
        await p.setViewportSize({ width: 1280, height: 860 });
      }
    }
  }, 120_000);
});

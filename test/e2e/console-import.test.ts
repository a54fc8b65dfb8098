// The console's "Import keys" flow end to end, in both languages: a tenant admin uploads a JSON Lines
// file of another system's keys (by SHA-256), checks it with a dry run, imports it, and finds the
// keys marked "Imported"; the old secrets then verify, and a second import skips them.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildWorld, openConsole, screenshot, seriousViolations, signIn, useHarness, tr, verify, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('the console\u2019s key import', () => {
  it.each<Lang>(['en', 'nl'])('checks and imports a file of legacy keys (%s)', async (lang) => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const secrets = [0, 1].map(() => `sk_live_${randomBytes(18).toString('base64url')}`);
    const stranger = await harness.world.user();
    const lines = [
      { ownerId: world.developer.id, name: 'Billing (old system)', start: 'sk_live_', hash: { algorithm: 'sha256', value: sha256(secrets[0]) } },
      { ownerId: world.developer.id, name: 'Reports (old system)', start: 'sk_live_', hash: { algorithm: 'sha256', value: sha256(secrets[1]) } },
      { ownerId: stranger.id, name: 'Not a member', hash: { algorithm: 'sha256', value: sha256(`sk_live_${randomBytes(18).toString('base64url')}`) } },
    ];
    const file = { name: 'legacy-keys.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) };
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.keys');
    await heading(p, tr(lang, 'keys.title'));

    await p.getByRole('button', { name: tr(lang, 'import.open') }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'import.title') });
    await dialog.getByLabel(tr(lang, 'import.file')).setInputFiles(file);
    await dialog.getByText(tr(lang, 'import.ready_other', { count: 3, file: file.name })).waitFor();

    // The dry run: nothing is imported.
    await dialog.getByRole('button', { name: tr(lang, 'import.check') }).click();
    await dialog.getByText(tr(lang, 'import.summaryDry', { imported: 2, exists: 0, failed: 1 })).waitFor();
    await dialog.getByText(tr(lang, 'import.failedLine', { line: 3, reason: tr(lang, 'import.code.NOT_FOUND') })).waitFor();
    expect(await verify(harness.url, secrets[0])).toMatchObject({ valid: false });
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'import-dry-run', lang);

    await dialog.getByRole('button', { name: tr(lang, 'import.submit') }).click();
    await dialog.getByText(tr(lang, 'import.summary', { imported: 2, exists: 0, failed: 1 })).waitFor();
    await dialog.getByText(tr(lang, 'import.failedCode_one', { count: 1, reason: tr(lang, 'import.code.NOT_FOUND') })).waitFor();
    for (const secret of secrets) expect(await verify(harness.url, secret)).toMatchObject({ valid: true });

    // Again: every key is already there.
    await dialog.getByRole('button', { name: tr(lang, 'import.submit') }).click();
    await dialog.getByText(tr(lang, 'import.summary', { imported: 0, exists: 2, failed: 1 })).waitFor();
    await dialog.getByRole('button', { name: tr(lang, 'common.close'), exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });

    // The list and the key page say which keys were imported.
    const row = p.getByRole('row').filter({ hasText: 'Billing (old system)' });
    await row.getByText(tr(lang, 'import.imported'), { exact: true }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'import-keys', lang);
    await row.getByRole('link', { name: 'Billing (old system)' }).click();
    await p.getByText(tr(lang, 'import.imported'), { exact: true }).waitFor();
    await p.getByText('sk_live_…').waitFor();

    const created = await harness.world.events(world.tenantId, '&type=key.created');
    expect(created).toHaveLength(2);
    expect(created.every((e) => e.details.imported === true)).toBe(true);
  }, 90_000);
});

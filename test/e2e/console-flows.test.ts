// The seeds' flows in the console end to end, in English and Dutch (issue 15): an admin makes a key
// for a member (Communibase), a management key for the API and the CLI with its snippets (Qlik), and
// resources as a tree with the keys that cover each (Madaster).
import { describe, expect, it } from 'vitest';
import {
  ApiSession, buildWorld, openConsole, screenshot, seriousViolations, signIn, useHarness, tr, type Harness, type Lang,
} from './harness.js';
import { closeSecret, expectVerify, heading, nav, pickScope, SECRET_FORMAT } from './steps.js';
import { runCli } from '../cli/fixture.js';

/** Runs a snippet `NAME=value … keywarden args…` as a person would paste it, in process. */
async function runSnippet(line: string) {
  const words = line.split(' ');
  const env: Record<string, string> = {};
  while (words[0].includes('=')) {
    const [name, value] = words.shift()!.split('=');
    env[name] = value;
  }
  expect(words.shift()).toBe('keywarden');
  return runCli(words, env);
}

let harness: Harness;
useHarness((started) => { harness = started; });

const LANGS: Lang[] = ['en', 'nl'];

describe.each(LANGS)('the seeds\u2019 flows in the console (%s)', (lang) => {
  it('lets an admin generate a key for a member, shows the secret once and the contact e-mail on the key', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const contact = `ops.${world.tenantId.slice(-6)}@example.test`;
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await nav(p, lang, 'nav.keys');
    await heading(p, tr(lang, 'keys.title'));
    await p.getByRole('button', { name: tr(lang, 'flows.member.generate') }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'flows.member.title') });
    await dialog.getByLabel(tr(lang, 'flows.member.owner')).selectOption({ label: `${world.developer.name} (${world.developer.email})` });
    await dialog.getByLabel(tr(lang, 'generate.description')).fill('Koppeling boekhouding');
    await dialog.getByLabel(tr(lang, 'flows.email.label')).fill(contact);
    await dialog.getByLabel(tr(lang, 'generate.expiry')).selectOption({ label: tr(lang, 'generate.days_other', { count: 90 }) });
    // A management key is never made for another member: the option is there, switched off, and says why.
    const management = dialog.getByRole('checkbox', { name: tr(lang, 'flows.management.label') });
    expect(await management.isDisabled()).toBe(true);
    await dialog.getByText(tr(lang, 'flows.management.onlyOwn')).waitFor();
    await dialog.getByLabel(tr(lang, 'generate.limitScopes')).check();
    await pickScope(dialog, lang, 'Accounts', 'write');
    await dialog.getByRole('button', { name: tr(lang, 'flows.scopes.removeFor', { name: tr(lang, 'flows.tree.wholeTenant') }) }).click();
    await dialog.getByLabel(tr(lang, 'flows.scopes.permissionFor', { name: 'Accounts' })).scrollIntoViewIfNeeded();
    await screenshot(p, 'generate-member', lang);
    expect(await seriousViolations(p)).toEqual([]);
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();

    const secretDialog = p.getByRole('dialog', { name: tr(lang, 'secret.title') });
    await secretDialog.getByText(tr(lang, 'flows.member.forOwner', { name: 'Koppeling boekhouding', owner: `${world.developer.name} (${world.developer.email})` })).waitFor();
    const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(secret).toMatch(SECRET_FORMAT);
    expect(await secretDialog.getByRole('region', { name: tr(lang, 'flows.snippets.title') }).count()).toBe(0);
    await screenshot(p, 'generate-member-secret', lang);
    await expectVerify(harness, secret, { valid: true });
    await closeSecret(p, lang);

    // The key is the member's, and its page shows the contact e-mail.
    await p.getByRole('link', { name: 'Koppeling boekhouding' }).click();
    await heading(p, tr(lang, 'key.title', { name: 'Koppeling boekhouding' }));
    await p.getByText(`${world.developer.name} (${world.developer.email})`).waitFor();
    await p.getByRole('link', { name: contact }).waitFor();
    await p.getByText(tr(lang, 'flows.management.no'), { exact: true }).waitFor();
    await screenshot(p, 'generate-member-key', lang);
    const developer = await ApiSession.signIn(harness.url, world.developer.email, world.developer.password);
    const own = await developer.call<{ items: { name: string; email: string; scopes: unknown[] }[] }>('GET', `/tenants/${world.tenantId}/keys?owner=me`);
    expect(own.items).toMatchObject([{ name: 'Koppeling boekhouding', email: contact, management: false }]);
    expect(own.items[0].scopes).toEqual([{ resourceId: expect.stringMatching(/^res_/), permission: 'write' }]);
  }, 90_000);

  it('lets a developer make a management key for themself and shows how to use it with the CLI, curl and Postman', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await nav(p, lang, 'nav.myKeys');
    await p.getByRole('button', { name: tr(lang, 'myKeys.generate') }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'generate.title') });
    await dialog.getByLabel(tr(lang, 'generate.name')).fill('Keywarden CLI');
    await dialog.getByRole('checkbox', { name: tr(lang, 'flows.management.label') }).check();
    await dialog.getByText(tr(lang, 'flows.management.explain')).waitFor();
    // Without a tenant-wide scope it could not call the API: the dialog warns until one is back.
    const wholeTenant = tr(lang, 'flows.tree.wholeTenant');
    await dialog.getByLabel(tr(lang, 'generate.limitScopes')).check();
    await dialog.getByRole('button', { name: tr(lang, 'flows.scopes.removeFor', { name: wholeTenant }) }).click();
    await dialog.getByText(tr(lang, 'flows.management.needsTenantScope')).waitFor();
    await dialog.getByRole('tree', { name: tr(lang, 'flows.scopes.tree') }).getByRole('treeitem', { name: wholeTenant, exact: true }).click();
    await dialog.getByText(tr(lang, 'flows.management.needsTenantScope')).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();

    const secretDialog = p.getByRole('dialog', { name: tr(lang, 'secret.title') });
    const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(secret).toMatch(SECRET_FORMAT);
    const snippets = secretDialog.getByRole('region', { name: tr(lang, 'flows.snippets.title') });
    const snippet = (caption: string) => snippets.getByRole('figure', { name: tr(lang, caption) }).locator('pre').innerText();
    const cli = await snippet('flows.snippets.cli');
    const curl = await snippet('flows.snippets.curl');
    const openapi = await snippet('flows.snippets.postman');
    expect(cli).toBe(`KEYWARDEN_URL=${harness.url} KEYWARDEN_API_KEY=${secret} keywarden keys list`);
    expect(curl).toBe(`curl -H "X-API-Key: ${secret}" ${harness.url}/api/v1/tenants/${world.tenantId}/keys`);
    expect(openapi).toBe(`${harness.url}/api/v1/openapi.json`);
    await screenshot(p, 'management-snippets', lang);
    await snippets.getByRole('button', { name: tr(lang, 'flows.snippets.copyCli') }).click();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(cli);
    await expectVerify(harness, secret, { valid: true });

    // Each snippet works as pasted: the CLI lists the key, curl's request answers, Postman finds the document.
    const listed = await runSnippet(cli);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Keywarden CLI');
    const [, header, url] = /^curl -H "([^"]+)" (\S+)$/.exec(curl)!;
    const [name, value] = header.split(': ');
    const answer = await fetch(url, { headers: { [name]: value } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { items: { name: string; management: boolean }[] }).items).toMatchObject([{ name: 'Keywarden CLI', management: true }]);
    const document = await fetch(openapi);
    expect(((await document.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    await closeSecret(p, lang);

    // The list and the key page show the management flag.
    const row = p.getByRole('row', { name: /Keywarden CLI/ });
    await row.getByText(tr(lang, 'flows.management.flag'), { exact: true }).waitFor();
    await row.getByRole('link', { name: 'Keywarden CLI' }).click();
    await p.getByText(tr(lang, 'flows.management.yes'), { exact: true }).waitFor();
    await screenshot(p, 'management-key', lang);
  }, 90_000);

  it('lets an admin build the resource tree, see the keys that cover a resource and add one there', async () => {
    const world = await buildWorld(harness, { grant: true, enable: true });
    const admin = await ApiSession.signIn(harness.url, world.admin.email, world.admin.password);
    const keysPath = `/tenants/${world.tenantId}/keys`;
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.admin.email, world.admin.password);
    await p.getByRole('navigation', { name: tr(lang, 'nav.label') }).getByRole('link', { name: tr(lang, 'flows.resources.nav'), exact: true }).click();
    await heading(p, tr(lang, 'flows.resources.title'));
    const tree = p.getByRole('tree', { name: tr(lang, 'flows.resources.tree') });
    const item = (name: string, type: string) => tree.getByRole('treeitem', { name: `${name} (${tr(lang, `flows.types.${type}`)})`, exact: true });

    /** Creates a resource under the selected one (the dialog proposes the next type down the tree). */
    async function create(name: string, type: string, parent?: string) {
      await p.getByRole('button', { name: parent ? tr(lang, 'flows.resources.newChild', { name: parent }) : tr(lang, 'flows.resources.new') }).click();
      const dialog = p.getByRole('dialog', { name: tr(lang, 'flows.resources.createTitle') });
      expect(await dialog.getByLabel(tr(lang, 'flows.resources.type')).inputValue()).toBe(type);
      await dialog.getByLabel(tr(lang, 'flows.resources.name')).fill(name);
      await dialog.getByRole('button', { name: tr(lang, 'flows.resources.create') }).click();
      await p.getByText(tr(lang, 'flows.resources.created', { name })).waitFor();
      await item(name, type).waitFor();
    }

    // account > folder > building > database, each created under the one selected.
    await item('Accounts', 'account').click(); // selected, then deselected by choosing the top level in the dialog
    await p.getByRole('button', { name: tr(lang, 'flows.resources.newChild', { name: 'Accounts' }) }).click();
    const first = p.getByRole('dialog', { name: tr(lang, 'flows.resources.createTitle') });
    await first.getByLabel(tr(lang, 'flows.resources.parent')).selectOption({ label: tr(lang, 'flows.resources.root') });
    await first.getByLabel(tr(lang, 'flows.resources.name')).fill('Madaster');
    await first.getByRole('button', { name: tr(lang, 'flows.resources.create') }).click();
    await item('Madaster', 'account').waitFor();
    await create('Amsterdam', 'folder', 'Madaster');
    await create('Tower', 'building', 'Amsterdam');
    await create('Materials', 'database', 'Tower');
    await expect.poll(() => item('Materials', 'database').getAttribute('aria-level')).toBe('4');

    // The tree works from the keyboard: arrows move, Enter chooses.
    await item('Accounts', 'account').focus();
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 2, name: `Madaster (${tr(lang, 'flows.types.account')})` }).waitFor();
    expect(await item('Madaster', 'account').getAttribute('aria-selected')).toBe('true');

    // A name taken among siblings, whatever its case, is said plainly.
    await item('Amsterdam', 'folder').click();
    await p.getByRole('button', { name: tr(lang, 'flows.resources.newChild', { name: 'Amsterdam' }) }).click();
    const clash = p.getByRole('dialog', { name: tr(lang, 'flows.resources.createTitle') });
    await clash.getByLabel(tr(lang, 'flows.resources.name')).fill('TOWER');
    await clash.getByRole('button', { name: tr(lang, 'flows.resources.create') }).click();
    await clash.getByText(tr(lang, 'flows.resources.errors.NAME_TAKEN')).waitFor();
    await clash.getByLabel(tr(lang, 'flows.resources.type')).selectOption({ label: tr(lang, 'flows.types.folder') });
    await clash.getByLabel(tr(lang, 'flows.resources.name')).fill('Archive');
    await clash.getByRole('button', { name: tr(lang, 'flows.resources.create') }).click();
    await item('Archive', 'folder').waitFor();

    // Rename, a refused move under itself, and a move.
    await item('Tower', 'building').click();
    await p.getByRole('button', { name: tr(lang, 'flows.resources.rename'), exact: true }).click();
    const rename = p.getByRole('dialog', { name: tr(lang, 'flows.resources.renameTitle', { name: 'Tower' }) });
    await rename.getByLabel(tr(lang, 'flows.resources.name')).fill('Tower A');
    await rename.getByRole('button', { name: tr(lang, 'flows.resources.save') }).click();
    await item('Tower A', 'building').waitFor();
    const resources = (await admin.call<{ items: { id: string; name: string }[] }>('GET', `/tenants/${world.tenantId}/resources`)).items;
    const id = (name: string) => resources.find((r) => r.name === name)!.id;
    await item('Amsterdam', 'folder').click();
    await p.getByRole('button', { name: tr(lang, 'flows.resources.move'), exact: true }).click();
    const moveUnder = p.getByRole('dialog', { name: tr(lang, 'flows.resources.moveTitle', { name: 'Amsterdam' }) });
    await moveUnder.getByLabel(tr(lang, 'flows.resources.parent')).selectOption(id('Materials'));
    await moveUnder.getByRole('button', { name: tr(lang, 'flows.resources.move') }).click();
    await moveUnder.getByText(tr(lang, 'flows.resources.errors.CYCLE')).waitFor();
    await moveUnder.getByRole('button', { name: tr(lang, 'common.cancel') }).click();

    // Keys: one tenant-wide, one on the account, one elsewhere; the database's panel lists the first two.
    const forDana = (name: string, scopes?: unknown) => admin.call('POST', keysPath, { name, ownerId: world.developer.id, ...(scopes ? { scopes } : {}) });
    await forDana('Whole tenant reader');
    await forDana('Madaster writer', [{ resourceId: id('Madaster'), permission: 'write' }]);
    await forDana('Other account', [{ resourceId: id('Accounts'), permission: 'admin' }]);
    await item('Materials', 'database').click();
    const panel = p.getByRole('region', { name: tr(lang, 'flows.resources.keys.title') });
    const keyTable = panel.getByRole('table', { name: tr(lang, 'flows.resources.keys.caption', { name: 'Materials' }) });
    await keyTable.getByRole('link', { name: 'Madaster writer' }).waitFor();
    await keyTable.getByRole('link', { name: 'Whole tenant reader' }).waitFor();
    expect(await keyTable.getByRole('link', { name: 'Other account' }).count()).toBe(0);
    await screenshot(p, 'resources', lang);
    expect(await seriousViolations(p)).toEqual([]);

    // Add API key: the dialog starts scoped to the database; the admin picks the owner and the permission level.
    await panel.getByRole('button', { name: tr(lang, 'flows.resources.keys.add') }).click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'flows.member.title') });
    await dialog.getByLabel(tr(lang, 'flows.member.owner')).selectOption({ label: `${world.developer.name} (${world.developer.email})` });
    await dialog.getByLabel(tr(lang, 'generate.name')).fill('Materials importer');
    const level = dialog.getByLabel(tr(lang, 'flows.scopes.permissionFor', { name: 'Materials' }));
    await level.selectOption({ label: tr(lang, 'permission.write') });
    await level.scrollIntoViewIfNeeded();
    await screenshot(p, 'resources-add-key', lang);
    expect(await seriousViolations(p)).toEqual([]);
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();
    const secret = await p.getByRole('dialog', { name: tr(lang, 'secret.title') }).getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(secret).toMatch(SECRET_FORMAT);
    const ask = async (resourceId: string, permission: string) => (await (await fetch(`${harness.url}/api/v1/verify`, {
      method: 'POST', headers: { 'x-api-key': secret, 'content-type': 'application/json' }, body: JSON.stringify({ resourceId, permission }),
    })).json()) as { valid: boolean; code?: string };
    expect(await ask(id('Materials'), 'write')).toMatchObject({ valid: true });
    expect(await ask(id('Materials'), 'admin')).toMatchObject({ valid: false, code: 'FORBIDDEN' });
    expect(await ask(id('Amsterdam'), 'read')).toMatchObject({ valid: false, code: 'FORBIDDEN' });
    await closeSecret(p, lang);
    await keyTable.getByRole('link', { name: 'Materials importer' }).waitFor();

    // Deleting: refused while a key's scope names it, or while resources sit below it; allowed when neither.
    /** Chooses the resource, asks to delete it and answers the dialog, to read its refusal or close it. */
    async function deleteResource(name: string, type: string) {
      await item(name, type).click();
      await p.getByRole('button', { name: tr(lang, 'flows.resources.delete'), exact: true }).click();
      const confirm = p.getByRole('alertdialog', { name: tr(lang, 'flows.resources.deleteTitle', { name }) });
      await confirm.getByRole('button', { name: tr(lang, 'flows.resources.deleteConfirm') }).click();
      return confirm;
    }
    for (const [name, type, refusal] of [['Materials', 'database', 'IN_USE_SCOPE'], ['Amsterdam', 'folder', 'IN_USE_CHILDREN']]) {
      const confirm = await deleteResource(name, type);
      await confirm.getByText(tr(lang, `flows.resources.errors.${refusal}`, { name })).waitFor();
      await confirm.getByRole('button', { name: tr(lang, 'common.cancel') }).click();
    }
    await deleteResource('Archive', 'folder');
    await p.getByText(tr(lang, 'flows.resources.deleted', { name: 'Archive' })).waitFor();
    await item('Archive', 'folder').waitFor({ state: 'detached' });

    // The move that is allowed: the building goes to the top level, and its keys follow.
    await item('Tower A', 'building').click();
    await p.getByRole('button', { name: tr(lang, 'flows.resources.move'), exact: true }).click();
    const move = p.getByRole('dialog', { name: tr(lang, 'flows.resources.moveTitle', { name: 'Tower A' }) });
    await move.getByLabel(tr(lang, 'flows.resources.parent')).selectOption({ label: tr(lang, 'flows.resources.root') });
    await move.getByRole('button', { name: tr(lang, 'flows.resources.move') }).click();
    await p.getByText(tr(lang, 'flows.resources.moved', { name: 'Tower A' })).waitFor();
    await expect.poll(() => item('Tower A', 'building').getAttribute('aria-level')).toBe('1');
    const towerKeys = panel.getByRole('table', { name: tr(lang, 'flows.resources.keys.caption', { name: 'Tower A' }) });
    await towerKeys.getByRole('link', { name: 'Whole tenant reader' }).waitFor();
    await expect.poll(() => towerKeys.getByRole('link', { name: 'Madaster writer' }).count()).toBe(0);
    expect(await ask(id('Materials'), 'write')).toMatchObject({ valid: true });
  }, 120_000);
});

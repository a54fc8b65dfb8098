// The seeds' flows in the console end to end, in English and Dutch (issue 15): an admin makes a key
// for a member (Communibase), a management key for the API and the CLI with its snippets (Qlik), and
// resources as a tree with the keys that cover each (Madaster).
import { describe, expect, it } from 'vitest';
import {
  ApiSession, buildWorld, openConsole, screenshot, signIn, useHarness, tr, type Harness, type Lang,
} from './harness.js';
import { ft } from './flows-texts.js';
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
    await p.getByRole('button', { name: ft(lang, 'flows.member.generate') }).click();
    const dialog = p.getByRole('dialog', { name: ft(lang, 'flows.member.title') });
    await dialog.getByLabel(ft(lang, 'flows.member.owner')).selectOption({ label: `${world.developer.name} (${world.developer.email})` });
    await dialog.getByLabel(tr(lang, 'generate.description')).fill('Koppeling boekhouding');
    await dialog.getByLabel(ft(lang, 'flows.email.label')).fill(contact);
    await dialog.getByLabel(tr(lang, 'generate.expiry')).selectOption({ label: tr(lang, 'generate.days_other', { count: 90 }) });
    // A management key is never made for another member: the option is there, switched off, and says why.
    const management = dialog.getByRole('checkbox', { name: ft(lang, 'flows.management.label') });
    expect(await management.isDisabled()).toBe(true);
    await dialog.getByText(ft(lang, 'flows.management.onlyOwn')).waitFor();
    await dialog.getByLabel(tr(lang, 'generate.limitScopes')).check();
    await pickScope(dialog, lang, 'Accounts', 'write');
    await dialog.getByRole('button', { name: ft(lang, 'flows.scopes.removeFor', { name: ft(lang, 'flows.tree.wholeTenant') }) }).click();
    await screenshot(p, 'generate-member', lang);
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();

    const secretDialog = p.getByRole('dialog', { name: tr(lang, 'secret.title') });
    await secretDialog.getByText(ft(lang, 'flows.member.forOwner', { name: 'Koppeling boekhouding', owner: `${world.developer.name} (${world.developer.email})` })).waitFor();
    const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(secret).toMatch(SECRET_FORMAT);
    expect(await secretDialog.getByRole('region', { name: ft(lang, 'flows.snippets.title') }).count()).toBe(0);
    await screenshot(p, 'generate-member-secret', lang);
    await expectVerify(harness, secret, { valid: true });
    await closeSecret(p, lang);

    // The key is the member's, and its page shows the contact e-mail.
    await p.getByRole('link', { name: 'Koppeling boekhouding' }).click();
    await heading(p, tr(lang, 'key.title', { name: 'Koppeling boekhouding' }));
    await p.getByText(`${world.developer.name} (${world.developer.email})`).waitFor();
    await p.getByRole('link', { name: contact }).waitFor();
    await p.getByText(ft(lang, 'flows.management.no'), { exact: true }).waitFor();
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
    await dialog.getByRole('checkbox', { name: ft(lang, 'flows.management.label') }).check();
    await dialog.getByText(ft(lang, 'flows.management.explain')).waitFor();
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();

    const secretDialog = p.getByRole('dialog', { name: tr(lang, 'secret.title') });
    const secret = await secretDialog.getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(secret).toMatch(SECRET_FORMAT);
    const snippets = secretDialog.getByRole('region', { name: ft(lang, 'flows.snippets.title') });
    const snippet = (caption: string) => snippets.getByRole('figure', { name: ft(lang, caption) }).locator('pre').innerText();
    const cli = await snippet('flows.snippets.cli');
    const curl = await snippet('flows.snippets.curl');
    const openapi = await snippet('flows.snippets.postman');
    expect(cli).toBe(`KEYWARDEN_URL=${harness.url} KEYWARDEN_API_KEY=${secret} keywarden keys list`);
    expect(curl).toBe(`curl -H "X-API-Key: ${secret}" ${harness.url}/api/v1/tenants/${world.tenantId}/keys`);
    expect(openapi).toBe(`${harness.url}/api/v1/openapi.json`);
    await screenshot(p, 'management-snippets', lang);
    await snippets.getByRole('button', { name: ft(lang, 'flows.snippets.copyCli') }).click();
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
    await row.getByText(ft(lang, 'flows.management.flag'), { exact: true }).waitFor();
    await row.getByRole('link', { name: 'Keywarden CLI' }).click();
    await p.getByText(ft(lang, 'flows.management.yes'), { exact: true }).waitFor();
    await screenshot(p, 'management-key', lang);
  }, 90_000);
});

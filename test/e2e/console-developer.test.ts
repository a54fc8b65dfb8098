// The developer’s side of the console end to end: policy messages, key actions, keyboard use.
import { describe, expect, it } from 'vitest';
import {
  ADMIN, ApiSession, buildWorld, openConsole, signIn, useHarness, tr, type Harness, type Lang,
} from './harness.js';
import { SECRET_FORMAT, closeSecret, expectVerify, generateKey, heading, nav } from './steps.js';

let harness: Harness;
useHarness((started) => { harness = started; });

describe('the console for developers', () => {
  it('tells the developer plainly why no key can be generated', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness);
    const platform = await ApiSession.signIn(harness.url, ADMIN.email, ADMIN.password);
    const members = `/tenants/${world.tenantId}/members/${world.developer.id}`;
    const view = await openConsole(harness, lang);
    const p = view.page;
    const generate = p.getByRole('button', { name: tr(lang, 'myKeys.generate') });

    // Keys are off: the page says so and offers no button.
    await platform.call('PUT', members, { roles: ['developer'], licensed: true });
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await nav(p, lang, 'nav.myKeys');
    await p.getByText(tr(lang, 'errors.API_KEYS_DISABLED')).waitFor();
    expect(await generate.isDisabled()).toBe(true);

    // No licence.
    await platform.call('PATCH', `/tenants/${world.tenantId}/settings`, { apiKeysEnabled: true, maxActiveKeysPerUser: 1 });
    await platform.call('PUT', members, { roles: ['developer'], licensed: false });
    await p.reload();
    await p.getByText(tr(lang, 'errors.NOT_LICENSED')).waitFor();
    expect(await generate.isDisabled()).toBe(true);

    // Not a developer: the page is not offered, and says why when opened by its address.
    await platform.call('PUT', members, { roles: [], licensed: true });
    await p.reload();
    await heading(p, tr(lang, 'myKeys.title'));
    await p.getByText(tr(lang, 'errors.NOT_DEVELOPER')).waitFor();
    await expect(p.getByRole('link', { name: tr(lang, 'nav.myKeys') }).count()).resolves.toBe(0);

    // The limit is reached: the server's refusal is shown in the form.
    await platform.call('PUT', members, { roles: ['developer'], licensed: true });
    await p.reload();
    await generateKey(p, lang, 'First');
    await closeSecret(p, lang);
    await generate.click();
    const dialog = p.getByRole('dialog', { name: tr(lang, 'generate.title') });
    await dialog.getByLabel(tr(lang, 'generate.name')).fill('Second');
    await dialog.getByRole('button', { name: tr(lang, 'generate.submit') }).click();
    await dialog.getByRole('alert').getByText(tr(lang, 'errors.KEY_LIMIT_REACHED')).waitFor();
  }, 90_000);


  it('lets the developer rename, rotate and delete keys, one or all', async () => {
    const lang: Lang = 'nl';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    await signIn(p, harness, lang, world.developer.email, world.developer.password);
    await nav(p, lang, 'nav.myKeys');
    const first = await generateKey(p, lang, 'Webshop');
    await closeSecret(p, lang);
    const second = await generateKey(p, lang, 'Rapportage');
    await closeSecret(p, lang);

    await p.getByRole('button', { name: `${tr(lang, 'myKeys.rename')} Webshop` }).click();
    const rename = p.getByRole('dialog', { name: tr(lang, 'rename.title', { name: 'Webshop' }) });
    await rename.getByLabel(tr(lang, 'generate.name')).fill('Webshop live');
    await rename.getByRole('button', { name: tr(lang, 'common.save') }).click();
    await p.getByRole('link', { name: 'Webshop live' }).waitFor();

    // Rotation shows the new secret once; the old one keeps working through the grace period.
    await p.getByRole('button', { name: `${tr(lang, 'myKeys.rotate')} Webshop live` }).click();
    const rotate = p.getByRole('dialog', { name: tr(lang, 'rotate.title', { name: 'Webshop live' }) });
    await rotate.getByLabel(tr(lang, 'rotate.grace')).selectOption({ label: tr(lang, 'rotate.period.3600') });
    await rotate.getByRole('button', { name: tr(lang, 'rotate.submit') }).click();
    const rotated = await p.getByRole('dialog', { name: tr(lang, 'secret.title') }).getByLabel(tr(lang, 'secret.label')).inputValue();
    expect(rotated).toMatch(SECRET_FORMAT);
    expect(rotated).not.toBe(first);
    await closeSecret(p, lang);
    await expectVerify(harness, rotated, { valid: true });
    await expectVerify(harness, first, { valid: true });

    // Delete one, after confirming.
    await p.getByRole('button', { name: `${tr(lang, 'myKeys.delete')} Rapportage` }).click();
    await p.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'myKeys.deleteConfirm') }).click();
    await p.getByText(tr(lang, 'myKeys.deleted', { name: 'Rapportage' })).waitFor();
    await expectVerify(harness, second, { valid: false, code: 'NOT_FOUND' });

    // Delete all, after confirming.
    await p.getByRole('button', { name: tr(lang, 'myKeys.deleteAll') }).click();
    await p.getByRole('alertdialog').getByText(tr(lang, 'myKeys.deleteAllWarning', { tenant: world.tenantName })).waitFor();
    await p.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'myKeys.deleteAllConfirm_other', { count: 2 }) }).click();
    await p.getByText(tr(lang, 'myKeys.empty')).waitFor();
    await expectVerify(harness, rotated, { valid: false, code: 'NOT_FOUND' });
  }, 90_000);


  it('can be used from the keyboard alone', async () => {
    const lang: Lang = 'en';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const view = await openConsole(harness, lang);
    const p = view.page;
    // The tenant's settings are held back until the skip link has been checked: the generate
    // button stays disabled until they arrive, and keyboard focus cannot land on it before then.
    let releaseSettings!: () => void;
    const settingsHeld = new Promise<void>((resolve) => { releaseSettings = resolve; });
    await p.route(`**/api/v1/tenants/${world.tenantId}/settings`, async (route) => {
      await settingsHeld;
      await route.continue();
    });
    await p.goto(harness.url + '/my-keys');
    await p.getByLabel(tr(lang, 'login.email')).waitFor();
    // The email field has focus on arrival; Tab moves to the password, Enter signs in.
    await p.keyboard.type(world.developer.email);
    await p.keyboard.press('Tab');
    await p.keyboard.type(world.developer.password);
    await p.keyboard.press('Enter');
    await heading(p, tr(lang, 'myKeys.title'));

    // The skip link leads past the navigation; the generate button opens its dialog with Enter.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(tr(lang, 'nav.skip'));
    const generate = p.getByRole('button', { name: tr(lang, 'myKeys.generate') });
    expect(await generate.isDisabled()).toBe(true);
    releaseSettings();
    await p.getByRole('button', { name: tr(lang, 'myKeys.generate'), disabled: false }).waitFor();
    await generate.focus();
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: tr(lang, 'generate.title') });
    await dialog.waitFor();
    expect(await p.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await p.keyboard.type('Typed key');
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(tr(lang, 'myKeys.generate'));

    // Enter in the form submits it; the secret dialog takes focus.
    await p.keyboard.press('Enter');
    await p.keyboard.type('Typed key');
    await p.keyboard.press('Enter');
    await p.getByRole('dialog', { name: tr(lang, 'secret.title') }).waitFor();
    expect(await p.evaluate(() => document.activeElement?.closest('dialog')?.textContent ?? '')).toContain(tr(lang, 'secret.warningTitle'));
  }, 60_000);

});

// The console's webhooks page end to end: a tenant admin adds an endpoint (a real local receiver),
// sees its signing secret once, watches a signed delivery arrive and appear in the attempts,
// pauses, changes and deletes it; each step is an audit event.
import { describe, expect, it } from 'vitest';
import { buildWorld, openConsole, signIn, useHarness, tr, type Harness, type Lang } from './harness.js';
import { heading, nav } from './steps.js';
import { Receiver } from '../webhooks/receiver.js';
import { isSignedByKeywarden } from '../../packages/sdk/src/webhooks.js';

let harness: Harness;
useHarness((started) => { harness = started; });

describe('the console\u2019s webhooks page', () => {
  it('adds an endpoint, shows its secret once and its deliveries, pauses, changes and deletes it', async () => {
    const lang: Lang = 'nl';
    const world = await buildWorld(harness, { grant: true, enable: true });
    const receiver = await Receiver.start();
    try {
      const view = await openConsole(harness, lang);
      const p = view.page;
      await signIn(p, harness, lang, world.admin.email, world.admin.password);
      await nav(p, lang, 'nav.webhooks');
      await heading(p, tr(lang, 'webhooks.title'));
      await p.getByText(tr(lang, 'webhooks.empty')).waitFor();

      // Add: the endpoint gets revocations only; without an event type it cannot be saved.
      await p.getByRole('button', { name: tr(lang, 'webhooks.add') }).click();
      const form = p.getByRole('dialog', { name: tr(lang, 'webhooks.addTitle') });
      await form.getByLabel(tr(lang, 'webhooks.url')).fill(receiver.url);
      await form.getByLabel(tr(lang, 'webhooks.description')).fill('Beveiligingsteam');
      const submit = form.getByRole('button', { name: tr(lang, 'webhooks.add') });
      expect(await submit.isDisabled()).toBe(true);
      await form.getByRole('group', { name: tr(lang, 'webhooks.area.key') }).getByLabel(tr(lang, 'eventType.key.revoked')).check();
      await submit.click();

      // The signing secret, once.
      const shown = p.getByRole('dialog', { name: tr(lang, 'webhookSecret.title') });
      const secret = await shown.getByLabel(tr(lang, 'webhookSecret.label')).inputValue();
      expect(secret).toMatch(/^whsec_/);
      await shown.getByRole('button', { name: tr(lang, 'webhookSecret.done') }).click();
      const row = p.getByRole('row').filter({ hasText: receiver.url });
      await row.getByText(tr(lang, 'eventType.key.revoked')).waitFor();
      await row.getByText(tr(lang, 'webhooks.enabled'), { exact: true }).waitFor();
      expect(await p.content()).not.toContain(secret);

      // A revocation reaches the receiver, signed with that secret, and shows as delivered.
      const developer = await harness.world.api.login(world.developer.email, world.developer.password);
      const { key } = await harness.world.createKey(world.tenantId, developer);
      expect((await harness.world.call('POST', `/tenants/${world.tenantId}/keys/${key.id}/revoke`, { as: harness.world.admin })).status).toBe(200);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      const [delivery] = receiver.received;
      expect(delivery.event).toMatchObject({ type: 'key.revoked', keyId: key.id, tenantId: world.tenantId });
      expect(await isSignedByKeywarden(secret, String(delivery.headers['keywarden-signature']), delivery.body)).toBe(true);
      await row.getByRole('button', { name: tr(lang, 'webhooks.deliveries') }).click();
      const attempts = p.getByRole('dialog', { name: tr(lang, 'webhooks.deliveriesTitle') });
      await expect.poll(async () => {
        await attempts.getByRole('button', { name: tr(lang, 'webhooks.refresh') }).click();
        return attempts.getByText(tr(lang, 'webhooks.delivery.succeeded')).count();
      }, { timeout: 10_000, interval: 500 }).toBe(1);
      await attempts.getByText(delivery.event.id).waitFor();
      await attempts.getByText('HTTP 200').waitFor();
      await attempts.getByRole('button', { name: tr(lang, 'common.close') }).click();

      // Pause, then widen to every event.
      await row.getByRole('button', { name: tr(lang, 'webhooks.pause') }).click();
      await row.getByText(tr(lang, 'webhooks.disabled'), { exact: true }).waitFor();
      await p.getByText(tr(lang, 'webhooks.paused', { url: receiver.url })).waitFor();
      await row.getByRole('button', { name: tr(lang, 'webhooks.edit') }).click();
      const edit = p.getByRole('dialog', { name: tr(lang, 'webhooks.editTitle') });
      expect(await edit.getByLabel(tr(lang, 'webhooks.url')).inputValue()).toBe(receiver.url);
      await edit.getByLabel(tr(lang, 'webhooks.allEvents')).check();
      await edit.getByRole('button', { name: tr(lang, 'common.save') }).click();
      await row.getByText(tr(lang, 'webhooks.allEvents'), { exact: true }).waitFor();

      // Delete, after confirming.
      await row.getByRole('button', { name: tr(lang, 'webhooks.delete') }).click();
      await p.getByRole('alertdialog').getByRole('button', { name: tr(lang, 'webhooks.delete') }).click();
      await p.getByText(tr(lang, 'webhooks.empty')).waitFor();

      const events = await harness.world.events(world.tenantId, '&type=webhook.created');
      expect(events).toHaveLength(1);
      const changes = await harness.world.events(world.tenantId);
      expect(changes.filter((e) => e.type.startsWith('webhook.')).map((e) => e.type).sort())
        .toEqual(['webhook.created', 'webhook.deleted', 'webhook.updated', 'webhook.updated']);
      expect(JSON.stringify(changes)).not.toContain(secret);
    } finally {
      await receiver.stop();
    }
  }, 90_000);
});

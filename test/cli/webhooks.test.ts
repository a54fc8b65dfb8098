// `keywarden webhooks …` against a real server and a real receiver: add (the secret printed once),
// list, deliveries, pause, resume and remove, with the usual exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { Receiver } from '../webhooks/receiver.js';
import { isSignedByKeywarden } from '../../packages/sdk/src/webhooks.js';
import { createKey, type ManagedTeam, runCli, startCliServer } from './fixture.js';

describe('keywarden webhooks', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let receiver: Receiver;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await server?.stop();
  });

  it('adds an endpoint, prints its secret once, and shows its signed deliveries', async () => {
    const added = await runCli(['webhooks', 'add', receiver.url, '--event', 'key.revoked', '--description', 'Ops'], env);
    expect(added.code).toBe(0);
    const secret = added.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^whsec_/);
    const id = /webhook (whk_\w+)/.exec(added.stdout)![1];

    const list = await runCli(['webhooks', 'list'], env);
    expect(list.stdout).toMatch(/^ID\s+URL\s+EVENTS\s+STATE\s+DESCRIPTION$/m);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+${receiver.url}\\s+key\\.revoked\\s+active\\s+Ops$`, 'm'));
    expect(list.stdout).not.toContain(secret);

    const key = await createKey(team);
    expect((await runCli(['keys', 'revoke', key.id], env)).code).toBe(0);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const [delivery] = receiver.received;
    expect(delivery.event).toMatchObject({ type: 'key.revoked', keyId: key.id });
    expect(await isSignedByKeywarden(secret, String(delivery.headers['keywarden-signature']), delivery.body)).toBe(true);

    await expect.poll(async () => (await runCli(['webhooks', 'deliveries', id], env)).stdout, { timeout: 10_000 })
      .toMatch(new RegExp(`^\\S+ \\S+\\s+${delivery.event.id}\\s+1\\s+succeeded\\s+HTTP 200\\s+-$`, 'm'));
    const json = JSON.parse((await runCli(['webhooks', 'deliveries', id, '--json'], env)).stdout);
    expect(json.items).toHaveLength(1);
  });

  it('pauses, resumes and removes an endpoint', async () => {
    const added = JSON.parse((await runCli(['webhooks', 'add', receiver.url, '--event', 'member.*', '--event', 'key.created', '--json'], env)).stdout);
    const id = added.webhook.id;
    expect(added.webhook.eventTypes).toEqual(['member.*', 'key.created']);
    expect(await runCli(['webhooks', 'pause', id], env)).toMatchObject({ code: 0, stdout: `Webhook ${id} paused.\n` });
    expect((await runCli(['webhooks', 'list'], env)).stdout).toMatch(new RegExp(`^${id}\\s.*\\spaused\\s+-$`, 'm'));
    const resumed = JSON.parse((await runCli(['webhooks', 'resume', id, '--json'], env)).stdout);
    expect(resumed).toMatchObject({ id, enabled: true });
    expect(await runCli(['webhooks', 'remove', id], env)).toMatchObject({ code: 0, stdout: `Webhook ${id} removed.\n` });
    expect((await runCli(['webhooks', 'list', '--json'], env)).stdout).not.toContain(id);
    const again = await runCli(['webhooks', 'remove', id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: NOT_FOUND: /);
  });

  it('refuses an inner address or plain http beyond what the operator allows (1), and a missing event type (2)', async () => {
    // The test server allows loopback only (KEYWARDEN_WEBHOOK_ALLOW=loopback).
    for (const url of ['https://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/in']) {
      const refused = await runCli(['webhooks', 'add', url, '--event', '*'], env);
      expect(refused.code, url).toBe(1);
      expect(refused.stderr).toMatch(/^error: VALIDATION_FAILED: /);
    }
    const noEvent = await runCli(['webhooks', 'add', receiver.url], env);
    expect(noEvent.code).toBe(2);
    expect(noEvent.stderr).toMatch(/--event/);
  });
});

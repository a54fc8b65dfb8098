// `keywarden webhooks list|add|pause|resume|remove|deliveries` (tenant admin).
import type { Command } from 'commander';
import { runAction, type Io } from './io.js';
import { clientFor, collect, optionsOf, positiveInteger, withConnection } from './options.js';
import { formatTime, printJson, printPage, type Page } from './output.js';

interface Webhook { id: string; url: string; description: string | null; eventTypes: string[]; enabled: boolean }
interface Delivery {
  id: string; eventId: string; at: string; attempt: number; status: string;
  responseStatus: number | null; error: string | null; nextAttemptAt: string | null;
}

const WEBHOOK_COLUMNS = [
  { header: 'ID', value: (w: Webhook) => w.id },
  { header: 'URL', value: (w: Webhook) => w.url, maxWidth: 60 },
  { header: 'EVENTS', value: (w: Webhook) => w.eventTypes.join(','), maxWidth: 40 },
  { header: 'STATE', value: (w: Webhook) => (w.enabled ? 'active' : 'paused') },
  { header: 'DESCRIPTION', value: (w: Webhook) => w.description, maxWidth: 40 },
];

const DELIVERY_COLUMNS = [
  { header: 'AT', value: (d: Delivery) => formatTime(d.at) },
  { header: 'EVENT', value: (d: Delivery) => d.eventId },
  { header: 'ATTEMPT', value: (d: Delivery) => d.attempt },
  { header: 'STATUS', value: (d: Delivery) => d.status },
  { header: 'ANSWER', value: (d: Delivery) => (d.responseStatus !== null ? `HTTP ${d.responseStatus}` : d.error), maxWidth: 50 },
  { header: 'NEXT', value: (d: Delivery) => (d.nextAttemptAt ? formatTime(d.nextAttemptAt) : null) },
];

export function registerWebhookCommands(program: Command, io: Io): void {
  const webhooks = program.command('webhooks').description('endpoints that receive the tenant\'s events (tenant admin)');

  withConnection(webhooks.command('list').description('list the endpoints'))
    .option('--limit <n>', 'endpoints per page (1..200, default 50)', positiveInteger(200))
    .option('--cursor <cursor>', 'continue from a previous page')
    .action((opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const page = await client.request<Page<Webhook>>('GET', `/tenants/${await client.tenant()}/webhooks`, { query: { limit: opts.limit, cursor: opts.cursor } });
      printPage(io, page, { json: optionsOf(command).json, columns: WEBHOOK_COLUMNS, noun: 'webhooks' });
    }));

  withConnection(webhooks.command('add').argument('<url>', 'https://… to a public host (inner or http:// receivers only where the operator allows them)').description('register an endpoint; its signing secret is printed once'))
    .requiredOption('--event <type>', 'an event type, area.* or * (repeatable)', collect)
    .option('--description <text>', 'what the endpoint is for')
    .action((url: string, opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const body = { url, eventTypes: opts.event as string[], ...(opts.description !== undefined && { description: opts.description }) };
      const created = await client.request<{ webhook: Webhook; secret: string }>('POST', `/tenants/${await client.tenant()}/webhooks`, { body });
      if (optionsOf(command).json) return printJson(io, created);
      io.stdout(`Added webhook ${created.webhook.id} for ${created.webhook.eventTypes.join(', ')}.\n`);
      io.stdout('Signing secret (shown only this once: give it to the receiver now, it cannot be shown again):\n');
      io.stdout(`${created.secret}\n`);
    }));

  for (const [name, enabled, verb] of [['pause', false, 'paused'], ['resume', true, 'resumed']] as const) {
    withConnection(webhooks.command(name).argument('<webhookId>').description(enabled ? 'send events again, from the next one on' : 'stop sending events (those in between are not sent later)'))
      .action((id: string, _opts, command: Command) => runAction(io, async () => {
        const client = clientFor(io, command);
        const webhook = await client.request<Webhook>('PATCH', `/tenants/${await client.tenant()}/webhooks/${id}`, { body: { enabled } });
        if (optionsOf(command).json) return printJson(io, webhook);
        io.stdout(`Webhook ${webhook.id} ${verb}.\n`);
      }));
  }

  withConnection(webhooks.command('remove').argument('<webhookId>').description('delete an endpoint and its delivery history'))
    .action((id: string, _opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      await client.request('DELETE', `/tenants/${await client.tenant()}/webhooks/${id}`);
      if (optionsOf(command).json) return printJson(io, { deleted: id });
      io.stdout(`Webhook ${id} removed.\n`);
    }));

  withConnection(webhooks.command('deliveries').argument('<webhookId>').description('the endpoint\'s delivery attempts, newest first'))
    .option('--limit <n>', 'attempts per page (1..200, default 50)', positiveInteger(200))
    .option('--cursor <cursor>', 'continue from a previous page')
    .action((id: string, opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const page = await client.request<Page<Delivery>>('GET', `/tenants/${await client.tenant()}/webhooks/${id}/deliveries`, { query: { limit: opts.limit, cursor: opts.cursor } });
      printPage(io, page, { json: optionsOf(command).json, columns: DELIVERY_COLUMNS, noun: 'deliveries' });
    }));
}

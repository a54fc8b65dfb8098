// `keywarden events list`: the tenant's audit trail, newest first (tenant admin).
import type { Command } from 'commander';
import { runAction, type Io } from './io.js';
import { clientFor, optionsOf, positiveInteger, withConnection } from './options.js';
import { formatTime, printPage, type Page } from './output.js';

interface Event {
  id: string; at: string; type: string; actor: { type: string; id: string | null }; keyId: string | null;
  ip: string | null; details: Record<string, unknown>;
}

const EVENT_COLUMNS = [
  { header: 'AT', value: (e: Event) => formatTime(e.at) },
  { header: 'TYPE', value: (e: Event) => e.type },
  { header: 'ACTOR', value: (e: Event) => (e.actor.id ? e.actor.id : e.actor.type) },
  { header: 'KEY', value: (e: Event) => e.keyId },
  { header: 'DETAILS', value: (e: Event) => (Object.keys(e.details).length ? e.details : null), maxWidth: 60 },
];

export function registerEventCommands(program: Command, io: Io): void {
  const events = program.command('events').description('read the audit trail');
  withConnection(events.command('list').description('list the tenant\'s events, newest first (tenant admin)'))
    .option('--type <types>', 'comma-separated event types; key.* matches every key event')
    .option('--key <keyId>', 'events of this key')
    .option('--actor <id>', 'events by this user or key id, or "system"')
    .option('--since <time>', 'from this ISO-8601 time (inclusive)')
    .option('--until <time>', 'up to this ISO-8601 time (exclusive)')
    .option('--limit <n>', 'events per page (1..200, default 50)', positiveInteger(200))
    .option('--cursor <cursor>', 'continue from a previous page')
    .action((opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const query = { type: opts.type, keyId: opts.key, actor: opts.actor, since: opts.since, until: opts.until, limit: opts.limit, cursor: opts.cursor };
      const page = await client.request<Page<Event>>('GET', `/tenants/${await client.tenant()}/events`, { query });
      printPage(io, page, { json: optionsOf(command).json, columns: EVENT_COLUMNS, noun: 'events' });
    }));
}

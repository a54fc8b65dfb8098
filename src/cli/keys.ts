// `keywarden keys list|create|get|rename|rotate|revoke|delete` (and `import`, key-import.ts).
import { InvalidArgumentError, Option, type Command } from 'commander';
import { runAction, UsageError, EXIT, type Io } from './io.js';
import { clientFor, collect, duration, nonNegativeInteger, optionsOf, positiveInteger, withConnection } from './options.js';
import { fields, formatDuration, formatTime, printJson, printPage, type Page } from './output.js';
import type { ManagementClient } from './api-client.js';
import { registerKeyImportCommand } from './key-import.js';
import { formatLimits, parseBalance, parseLimit } from './limits.js';
import type { Static } from 'typebox';
import type { GrantedScope as ScopeSchema, Key as KeySchema, KeyWithSecret as KeyWithSecretSchema } from '../http/schemas.js';

// The API's shapes, from the schemas the server validates and answers with (one source).
type Scope = Static<typeof ScopeSchema>;
export type Key = Static<typeof KeySchema>;
type KeyWithSecret = Static<typeof KeyWithSecretSchema>;

// The bulk route takes up to 1000 ids; smaller batches let a long list show progress as it goes.
const REVOKE_BATCH = 100;

export const formatScopes = (scopes: Scope[]) => scopes.map((s) => `${s.resourceId ?? '*'}:${s.permission}`).join(',');

const KEY_COLUMNS = [
  { header: 'ID', value: (k: Key) => k.id },
  { header: 'NAME', value: (k: Key) => k.name },
  { header: 'START', value: (k: Key) => `${k.start}…` },
  { header: 'STATUS', value: (k: Key) => k.status },
  { header: 'OWNER', value: (k: Key) => k.owner.email },
  { header: 'SCOPES', value: (k: Key) => formatScopes(k.scopes) + (k.management ? ' (management)' : '') },
  { header: 'EXPIRES', value: (k: Key) => formatTime(k.expiresAt) },
  { header: 'LAST USED', value: (k: Key) => formatTime(k.lastUsedAt) },
];

function keyDetails(key: Key): string {
  return fields([
    ['id', key.id], ['name', key.name], ['description', key.description], ['email', key.email],
    ['owner', `${key.owner.name} <${key.owner.email}> (${key.ownerId})`], ['start', `${key.start}…`], ['status', key.status],
    ['management', key.management], ['scopes', formatScopes(key.scopes)],
    ['created', formatTime(key.createdAt)], ['updated', formatTime(key.updatedAt)], ['expires', formatTime(key.expiresAt)],
    ['last used', formatTime(key.lastUsedAt)], ['usage count', key.usageCount], ['revoked', formatTime(key.revokedAt)],
    ['rotated from', key.rotatedFrom], ['rotated to', key.rotatedTo],
    ['rate limit', key.ratelimit && `${key.ratelimit.limit} per ${formatDuration(key.ratelimit.durationMs)}`], ['credits left', key.remaining],
    ['limits', formatLimits(key.limits)],
    ['imported', key.imported],
    ['allowed addresses', key.allowedIps?.join(', ') ?? null], ['meta', key.meta],
  ]);
}

/** `--meta '{"customer":"cus_1"}'`: a JSON object. */
export function parseMetaOption(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError('expected a JSON object, e.g. {"customer":"cus_1"}.');
  return value as Record<string, unknown>;
}

/** `res_abc:write`, `*:read` or just `admin` (tenant-wide). */
export function parseScope(spec: string): Scope {
  const at = spec.lastIndexOf(':');
  const resource = at < 0 ? '*' : spec.slice(0, at);
  const permission = spec.slice(at + 1);
  if (!['read', 'write', 'admin'].includes(permission) || !resource) {
    throw new UsageError(`--scope "${spec}": expected RESOURCE:PERMISSION (res_…:write, *:read) or a tenant-wide read|write|admin`);
  }
  return { resourceId: resource === '*' ? null : resource, permission: permission as Scope['permission'] };
}

function parseRatelimit(spec: string) {
  const match = /^(\d+)\/(\w+)$/.exec(spec);
  const durationMs = match && /^\d+(ms|s|m|h|d)$/.test(match[2]) ? duration(match[2]) : null;
  if (!match || durationMs === null) throw new UsageError(`--ratelimit "${spec}": expected LIMIT/DURATION, e.g. 100/1m`);
  return { limit: Number(match[1]), durationMs };
}

function printSecret(io: Io, verb: string, created: KeyWithSecret, options: { json?: boolean; secretOnly?: boolean }): void {
  if (options.json) return printJson(io, created);
  if (options.secretOnly) return io.stdout(`${created.secret}\n`);
  const { key } = created;
  io.stdout(`${verb} key ${key.id} "${key.name}" (${key.status}, expires ${formatTime(key.expiresAt)}, scopes ${formatScopes(key.scopes)}).\n`);
  io.stdout('Secret (shown only this once: store it now, it cannot be shown again):\n');
  io.stdout(`${created.secret}\n`);
}

async function listAll(client: ManagementClient, tid: string, query: Record<string, string | number | undefined>, all: boolean): Promise<Page<Key>> {
  const page = await client.request<Page<Key>>('GET', `/tenants/${tid}/keys`, { query });
  if (!all) return page;
  const items = [...page.items];
  for (let cursor = page.nextCursor; cursor;) {
    const next = await client.request<Page<Key>>('GET', `/tenants/${tid}/keys`, { query: { ...query, cursor } });
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  return { items, nextCursor: null };
}

async function readIds(io: Io, ids: string[]): Promise<string[]> {
  const fromStdin = ids.includes('-') ? (await io.stdin()).split(/\s+/) : [];
  const all = [...ids.filter((id) => id !== '-'), ...fromStdin].filter(Boolean);
  if (all.length === 0) throw new UsageError('no key ids given');
  return [...new Set(all)];
}

async function revokeMany(io: Io, client: ManagementClient, ids: string[], json: boolean): Promise<number> {
  const tid = await client.tenant();
  const results: { id: string; ok: boolean; code?: string }[] = [];
  const showProgress = ids.length > REVOKE_BATCH;
  for (let i = 0; i < ids.length; i += REVOKE_BATCH) {
    const batch = ids.slice(i, i + REVOKE_BATCH);
    const answer = await client.request<{ results: typeof results }>('POST', `/tenants/${tid}/keys/revoke`, { body: { keyIds: batch } });
    results.push(...answer.results);
    if (showProgress) io.stderr(`${io.isStderrTty ? '\r' : ''}revoking: ${results.length}/${ids.length}${io.isStderrTty ? '' : '\n'}`);
  }
  if (showProgress && io.isStderrTty) io.stderr('\n');
  const failed = results.filter((r) => !r.ok);
  if (json) printJson(io, { results });
  else io.stdout(`Revoked ${results.length - failed.length} of ${results.length} keys.\n`);
  for (const f of failed) io.stderr(`not revoked: ${f.id}: ${f.code}\n`);
  return failed.length ? EXIT.FAILED : EXIT.OK;
}

export function registerKeyCommands(program: Command, io: Io): void {
  const keys = program.command('keys').description('list, create and manage API keys');

  withConnection(keys.command('list').description('list keys (a tenant admin\'s key sees every key, others their own)'))
    .option('--status <list>', 'comma-separated statuses: active,expired,revoked')
    .option('--owner <owner>', '"me" or a user id')
    .option('-q, --query <text>', 'search name, description, id and owner')
    .option('--sort <field>', 'name, createdAt, updatedAt, expiresAt, lastUsedAt or status; -field for descending')
    .option('--limit <n>', 'keys per page (1..200, default 50)', positiveInteger(200))
    .option('--cursor <cursor>', 'continue from a previous page')
    .option('--all', 'follow every page')
    .action((opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const tid = await client.tenant();
      const page = await listAll(client, tid, { status: opts.status, owner: opts.owner, q: opts.query, sort: opts.sort, limit: opts.limit, cursor: opts.cursor }, !!opts.all);
      printPage(io, page, { json: optionsOf(command).json, columns: KEY_COLUMNS, noun: 'keys', more: ' (or --all)' });
    }));

  withConnection(keys.command('create').description('create a key; its secret is printed once'))
    .option('--name <name>', 'a short name (default: the description)')
    .option('--description <text>', 'what the key is for')
    .option('--email <email>', 'contact address for the key')
    .addOption(new Option('--expires-in-days <n>', 'lifetime in days (default: the tenant maximum, or none)').argParser(positiveInteger(3650)).conflicts('expiresAt'))
    .option('--expires-at <time>', 'expiry as ISO-8601, e.g. 2027-01-31T00:00:00Z')
    .option('--scope <scope>', 'RESOURCE:PERMISSION, "*" for the whole tenant (repeatable; default *:read)', collect)
    .option('--management', 'may also call the Keywarden management API')
    .option('--owner <userId>', 'create the key for this member (tenant admin)')
    .option('--ratelimit <limit/duration>', 'e.g. 100/1m')
    .option('--remaining <n>', 'credits the key may spend', nonNegativeInteger)
    .option('--limit <spec>', 'a named limit NAME:rate|credits:LIMIT[:WINDOW][:auto][:refill=N/day|N/month[@DAY]][:low=N] (repeatable)', collect)
    .option('--allowed-ip <cidr>', 'an address or CIDR the key may be used from (repeatable; default: the tenant\'s list, else any)', collect)
    .option('--meta <json>', 'a JSON object returned with valid verifications (at most 4 KiB; never a secret)', parseMetaOption)
    .option('--secret-only', 'print the secret alone, for scripts')
    .action((opts, command: Command) => runAction(io, async () => {
      if (!opts.name && !opts.description) throw new UsageError('give --name or --description');
      const body = {
        name: opts.name, description: opts.description, email: opts.email,
        expiresInDays: opts.expiresInDays, expiresAt: opts.expiresAt,
        scopes: opts.scope?.map(parseScope), management: opts.management, ownerId: opts.owner,
        ratelimit: opts.ratelimit ? parseRatelimit(opts.ratelimit) : undefined, remaining: opts.remaining,
        limits: opts.limit?.map(parseLimit),
        allowedIps: opts.allowedIp, meta: opts.meta,
      };
      const client = clientFor(io, command);
      const created = await client.request<KeyWithSecret>('POST', `/tenants/${await client.tenant()}/keys`, { body });
      printSecret(io, 'Created', created, { json: optionsOf(command).json, secretOnly: opts.secretOnly });
    }));

  withConnection(keys.command('get').argument('<keyId>').description('show one key'))
    .action((keyId: string, _opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const key = await client.request<Key>('GET', `/tenants/${await client.tenant()}/keys/${encodeURIComponent(keyId)}`);
      if (optionsOf(command).json) printJson(io, key);
      else io.stdout(keyDetails(key));
    }));

  withConnection(keys.command('rename').argument('<keyId>').argument('<name>').description('give a key a new name'))
    .action((keyId: string, name: string, _opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const key = await client.request<Key>('PATCH', `/tenants/${await client.tenant()}/keys/${encodeURIComponent(keyId)}`, { body: { name } });
      if (optionsOf(command).json) printJson(io, key);
      else io.stdout(`Renamed key ${key.id} to "${key.name}".\n`);
    }));

  withConnection(keys.command('update').argument('<keyId>').description('change a key\'s limits and balances (tenant admin)'))
    .option('--ratelimit <limit/duration>', 'e.g. 100/1m, or "none"')
    .option('--remaining <n>', 'set the credits left, or "none"')
    .option('--limit <spec>', 'the key\'s named limits, replacing all it has: NAME:rate|credits:LIMIT[:WINDOW][:auto][:refill=…][:low=N] (repeatable)', collect)
    .option('--no-limits', 'remove all of the key\'s named limits')
    .option('--balance <name=n>', 'set the balance of one of its credits limits (repeatable)', collect)
    .action((keyId: string, opts, command: Command) => runAction(io, async () => {
      const body: Record<string, unknown> = {};
      if (opts.ratelimit !== undefined) body.ratelimit = opts.ratelimit === 'none' ? null : parseRatelimit(opts.ratelimit);
      if (opts.remaining !== undefined && opts.remaining !== 'none' && !/^\d+$/.test(opts.remaining)) throw new UsageError('--remaining: expected a whole number, 0 or more, or "none"');
      if (opts.remaining !== undefined) body.remaining = opts.remaining === 'none' ? null : Number(opts.remaining);
      if (opts.limits === false) body.limits = [];
      else if (opts.limit) body.limits = opts.limit.map(parseLimit);
      if (opts.balance) body.limitBalances = opts.balance.map(parseBalance);
      if (Object.keys(body).length === 0) throw new UsageError('nothing to change: give --ratelimit, --remaining, --limit, --no-limits or --balance');
      const client = clientFor(io, command);
      const key = await client.request<Key>('PATCH', `/tenants/${await client.tenant()}/keys/${encodeURIComponent(keyId)}`, { body });
      if (optionsOf(command).json) printJson(io, key);
      else io.stdout(`Updated key ${key.id}.\n${keyDetails(key)}`);
    }));

  withConnection(keys.command('rotate').argument('<keyId>').description('replace a key by a new one; the new secret is printed once'))
    .option('--grace <duration>', 'how long the old key keeps working, e.g. 1h (default 0: it stops at once)', duration)
    .option('--secret-only', 'print the new secret alone, for scripts')
    .action((keyId: string, opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const body = opts.grace === undefined ? {} : { gracePeriodSeconds: Math.floor(opts.grace / 1000) };
      const rotated = await client.request<KeyWithSecret>('POST', `/tenants/${await client.tenant()}/keys/${encodeURIComponent(keyId)}/rotate`, { body });
      printSecret(io, `Rotated ${keyId} into`, rotated, { json: optionsOf(command).json, secretOnly: opts.secretOnly });
    }));

  withConnection(keys.command('revoke').argument('<keyId...>', 'key ids; "-" reads more from standard input').description('revoke keys for good (tenant admin)'))
    .action((ids: string[], _opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const json = !!optionsOf(command).json;
      const all = await readIds(io, ids);
      if (all.length > 1) return revokeMany(io, client, all, json);
      const key = await client.request<Key>('POST', `/tenants/${await client.tenant()}/keys/${encodeURIComponent(all[0])}/revoke`, { body: {} });
      if (json) printJson(io, key);
      else io.stdout(`Revoked key ${key.id} "${key.name}".\n`);
    }));

  withConnection(keys.command('delete').argument('<keyId>').description('delete a key (its owner; a tenant admin once it is expired or revoked)'))
    .action((keyId: string, _opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      await client.request('DELETE', `/tenants/${await client.tenant()}/keys/${encodeURIComponent(keyId)}`);
      if (optionsOf(command).json) printJson(io, { deleted: keyId });
      else io.stdout(`Deleted key ${keyId}.\n`);
    }));
  registerKeyImportCommand(keys, io);
}

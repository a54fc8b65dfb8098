// Usage metering: GET /tenants/:tid/usage (tenant admin), GET /usage (platform admin, per tenant,
// for billing), both JSON or CSV (`Accept: text/csv`, every page); GET /tenants/:tid/usage/top.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { component, DateTime, Nullable, PageQuery, StringEnum, TenantParams } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { requirePrincipal } from '../auth.js';
import { Readable } from 'node:stream';
import {
  platformUsage, platformUsageExport, tenantUsage, tenantUsageExport, topKeys, type UsageExport, type UsagePage, type UsageQuery,
} from '../../services/usage.js';
import { USAGE_CSV_COLUMNS, usageCsvChunks } from '../usage-csv.js';

const RangeQuery = {
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive, aligned down to its UTC bucket; default: the last 24 hours, 30 days or 12 months.' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive; default now.' })),
  interval: Type.Optional(StringEnum(['hour', 'day', 'month'], { description: 'Bucket size, aligned to UTC; default `day`. Hours are kept 35 days, days `KEYWARDEN_USAGE_RETENTION` (default 400 days).' })),
};

const TenantUsageQuery = Type.Object({
  ...RangeQuery,
  groupBy: Type.Optional(StringEnum(['tenant', 'owner', 'key'], { description: 'One line of buckets per tenant (default), key owner or key.' })),
  ...PageQuery,
}, { additionalProperties: false });

const PlatformUsageQuery = Type.Object({
  ...RangeQuery,
  groupBy: Type.Optional(StringEnum(['tenant'], { description: 'One line of buckets per tenant (the only grouping here).' })),
  ...PageQuery,
}, { additionalProperties: false });

const TopQuery = Type.Object({
  by: Type.Optional(StringEnum(['valid', 'failed'], { description: 'Order by valid (default) or failed verifications.' })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive, aligned down to its UTC hour; default the start of today (UTC). At most 35 days back.' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive; default now.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
}, { additionalProperties: false });

const EXAMPLE_AT = '2026-11-24T00:00:00.000Z';
const Usage = component('Usage', Type.Object({
  interval: StringEnum(['hour', 'day', 'month']),
  items: Type.Array(Type.Object({
    at: DateTime,
    tenantId: Type.String(),
    ownerId: Type.Optional(Nullable(Type.String({ description: 'With groupBy owner or key; null for usage of keys deleted before metering kept owners.' }))),
    keyId: Type.Optional(Type.String({ description: 'With groupBy key.' })),
    valid: Type.Integer(),
    failed: Type.Integer(),
    spent: Type.Record(Type.String(), Type.Integer(), { description: 'Credits spent per credits name; `remaining` for v1 credits.' }),
  })),
  nextCursor: Nullable(Type.String()),
}, {
  description: 'Every group (tenant, owner or key) has every bucket of the range, empty ones as zeros; pages hold `limit` groups.',
  example: { interval: 'day', items: [{ at: EXAMPLE_AT, tenantId: 'ten_01jdx3k2m4n6p8r0t2v4x6z8b0', valid: 1520, failed: 12, spent: { remaining: 1520 } }], nextCursor: null },
}));
const TopKeys = component('TopKeys', Type.Object({
  items: Type.Array(Type.Object({
    keyId: Type.String(), ownerId: Nullable(Type.String()), name: Nullable(Type.String({ description: 'null when the key was deleted.' })),
    valid: Type.Integer(), failed: Type.Integer(),
  })),
  peak: Nullable(Type.Object({
    keyId: Type.String(), perMinute: Type.Integer(), hour: DateTime,
  }, { description: 'The most valid verifications one key had in one minute of the range, as one node counted them (with several nodes sharing a key\'s traffic, each node\'s own count), and the UTC hour it was in; null without any.' })),
}, { example: { peak: { keyId: 'key_01jdx3p8s0u2w4y6a8c0e2g4i6', perMinute: 42, hour: '2026-11-24T10:00:00.000Z' }, items: [{ keyId: 'key_01jdx3p8s0u2w4y6a8c0e2g4i6', ownerId: 'usr_01jdx3k9q2w8e7r6t5y4u3i2o1', name: 'Billing export', valid: 981, failed: 4 }] } }));

const CSV_TEXT = `With \`Accept: text/csv\` the answer is CSV (RFC 4180) of every page: columns ${USAGE_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}, then \`spent.<name>\` per credits name, by name.`;
const csvAnswer = { 'text/csv': { schema: Type.String({ description: 'A header line, then one line per group and bucket.' }) } };

const wantsCsv = (request: FastifyRequest) => /\btext\/csv\b/.test(request.headers.accept ?? '');

/**
 * JSON: one page. CSV: every page, streamed as each is read (never the whole export in memory); the
 * checks and the first page come before the answer starts, so their errors keep their status.
 */
async function answer(
  request: FastifyRequest, reply: FastifyReply, query: Omit<UsageQuery, 'limit'> & { limit?: number },
  read: (query: UsageQuery) => Promise<UsagePage>, exportAll: (query: UsageQuery) => Promise<UsageExport>,
) {
  if (!wantsCsv(request)) return read({ ...query, limit: query.limit ?? 50 });
  // `limit` (default 50) is the page size of the export's reads; the answer has every page either way.
  const { names, pages } = await exportAll({ ...query, cursor: undefined, limit: query.limit ?? 50 });
  return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="usage.csv"')
    .send(Readable.from(usageCsvChunks(names, pages), { objectMode: false }));
}

export function usageRoutes(api: App, { ctx }: RouteDeps) {
  api.get('/tenants/:tid/usage', {
    schema: describeRoute({
      operationId: 'tenantUsage', summary: "A tenant's usage",
      description: `Tenant admins. Valid and failed verifications (POST /verify only) and credits spent, in UTC buckets per tenant, owner or key, paged by group. A range before what is kept, or of more than 1000 buckets, is a 400. ${CSV_TEXT}`,
      tag: 'usage', security: 'signedIn', params: TenantParams, querystring: TenantUsageQuery,
      response: { 200: { description: 'A page of usage, or all of it as CSV.', content: { 'application/json': { schema: Usage }, ...csvAnswer } } },
      errors: [403, 404],
    }),
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { tid } = request.params;
    return answer(request, reply, request.query,
      (query) => tenantUsage(ctx, principal, tid, query), (query) => tenantUsageExport(ctx, principal, tid, query));
  });

  api.get('/tenants/:tid/usage/top', {
    schema: describeRoute({
      operationId: 'topKeys', summary: "A tenant's most used keys",
      description: 'Tenant admins. The keys with the most valid (`by=valid`) or failed (`by=failed`) verifications in a range of hours, today (UTC) by default, and the highest verifications per minute of any key in it (`peak`): for spotting excessive use and choosing `excessiveUsePerMinute`.',
      tag: 'usage', security: 'signedIn', params: TenantParams, querystring: TopQuery,
      response: { 200: json('The keys, most first.', TopKeys) }, errors: [403, 404],
    }),
  }, async (request) => topKeys(ctx, requirePrincipal(request), request.params.tid, request.query));

  api.get('/usage', {
    schema: describeRoute({
      operationId: 'platformUsage', summary: "Every tenant's usage",
      description: `Platform admins, for billing: the same as a tenant's usage, one group per tenant with usage in the range. ${CSV_TEXT}`,
      tag: 'usage', security: 'signedIn', querystring: PlatformUsageQuery,
      response: { 200: { description: 'A page of usage, or all of it as CSV.', content: { 'application/json': { schema: Usage }, ...csvAnswer } } },
      errors: [403],
    }),
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return answer(request, reply, request.query,
      (query) => platformUsage(ctx, principal, query), (query) => platformUsageExport(ctx, principal, query));
  });
}

// The verify decision, in the contract's order, decided in one place. Pure: the verifier gathers
// the facts from its caches and this function says what they mean.
import { scopesCover, type Permission, type Scope } from '../domain/scopes.js';
import { statusOf } from '../domain/status.js';
import type { KeyExtras } from './key-extras.js';
import type { PlainAnswer } from './plain-answer.js';
import type { AllowedIpsMatcher } from '../domain/allowed-ips.js';
import type { LimitDefinition, LimitRequest } from '../domain/limits.js';

export type VerifyCode =
  | 'MALFORMED' | 'NOT_FOUND' | 'REVOKED' | 'EXPIRED' | 'DISABLED' | 'IP_NOT_ALLOWED' | 'FORBIDDEN' | 'USAGE_EXCEEDED' | 'RATE_LIMITED';

/** Every refusal code, in the order verify applies them (DESIGN "Verify"): the one list of the order. */
export const VERIFY_CODES = [
  'MALFORMED', 'NOT_FOUND', 'REVOKED', 'EXPIRED', 'DISABLED', 'IP_NOT_ALLOWED', 'FORBIDDEN', 'USAGE_EXCEEDED', 'RATE_LIMITED',
] as const satisfies readonly VerifyCode[];

/**
 * A credit balance as this node sees it. One object per balance, shared by the cached keys that
 * spend from it (a rotated key and its successor), so a spend through either is seen by both.
 */
export interface CreditBalance {
  /** The balance's id: the id of the key it was first given to. */
  readonly id: string;
  /** Changed only by a top-up: a newer one resets the shared counter in Redis and drops older spends. */
  version: number;
  /** Credits this node believes are left (database value at load or flush, minus this node's unflushed spends). */
  remaining: number;
}

/** A key's optional limits; kept apart so the common key without limits carries one null field. */
export interface KeyLimits {
  ratelimit: { limit: number; durationMs: number } | null;
  /** The balance the key spends from; null = unlimited. */
  credits: CreditBalance | null;
}

/**
 * A cached key: only what verification needs. The cache stores its fields packed (key-table.ts)
 * and hands out a short-lived object like this per lookup; `limits` is the one shared, mutable part.
 */
export interface KeyEntry {
  id: string;
  tenantId: string;
  ownerId: string;
  name: string;
  scopes: readonly Scope[];
  expiresAtMs: number; // Infinity when the key never expires
  // The stored ISO string, kept: formatting it per answer cost about a third of the HMAC (RESULTS.md).
  expiresAt: string | null;
  revoked: boolean;
  management: boolean;
  limits: KeyLimits | null;
  /** v1.1's metadata, address rules and named limits (key-extras.ts); null for most keys. */
  extras: KeyExtras | null;
  /** The answer to a valid verification without limits, once one was made (plain-answer.ts). */
  answer: PlainAnswer | null;
  /** The key table's slot the entry was read from (the usage buffer finds the key's record by it); -1 for one not read from the table. */
  slot: number;
}

export interface VerifyRequest {
  /** Only a key of this tenant: any other answers NOT_FOUND, as an unknown key would. */
  tenantId?: string;
  resourceId?: string;
  permission?: Permission;
  cost?: number;
  dryRun?: boolean;
  /** v1.1: named limits to apply, each with its cost. */
  limits?: LimitRequest[];
}

export interface Facts {
  nowMs: number;
  tenantEnabled: boolean;
  /** The owner is a developer with a licence in the key's tenant, and not disabled. */
  ownerActive: boolean;
  /** The requested resource and its ancestors, or null when the resource is unknown in this tenant. */
  ancestry: readonly string[] | null;
  /** The client's address, as KEYWARDEN_TRUST_PROXY resolves it. */
  ip: string;
  /** The tenant's default address list, for keys without their own; null: any address. */
  tenantAllowedIps: AllowedIpsMatcher | null;
  /** The tenant's named limits (its plan), null when it has none. */
  tenantLimits: readonly LimitDefinition[] | null;
}

/** The key's own status (domain/status.ts), which needs no other fact: REVOKED, EXPIRED, or none. */
export function keyStatus(entry: KeyEntry, nowMs: number): VerifyCode | null {
  const status = statusOf(entry, nowMs);
  return status === 'active' ? null : status === 'revoked' ? 'REVOKED' : 'EXPIRED';
}

/** The key's own address list, else its tenant's; none of them: any address. */
function isAddressAllowed(entry: KeyEntry, facts: Facts): boolean {
  const list = entry.extras?.allowedIps ?? facts.tenantAllowedIps;
  return list === null || list.allows(facts.ip);
}

/**
 * The status and policy checks (REVOKED, EXPIRED, DISABLED, IP_NOT_ALLOWED, FORBIDDEN); the credit and rate-limit
 * checks (USAGE_EXCEEDED, RATE_LIMITED) follow in the limits, since with Redis they are one atomic step.
 */
export function decide(entry: KeyEntry, facts: Facts, request: VerifyRequest): VerifyCode | null {
  return keyStatus(entry, facts.nowMs) ?? decideForActiveKey(entry, facts, request);
}

/** The checks after the key's own status, for a caller that found the key active (keyStatus) before gathering facts. */
export function decideForActiveKey(entry: KeyEntry, facts: Facts, request: VerifyRequest): VerifyCode | null {
  if (!facts.tenantEnabled || !facts.ownerActive) return 'DISABLED';
  if (!isAddressAllowed(entry, facts)) return 'IP_NOT_ALLOWED';
  if (request.resourceId !== undefined || request.permission !== undefined) {
    const wanted = request.permission ?? 'read';
    const ancestry = request.resourceId === undefined ? null : facts.ancestry;
    if (request.resourceId !== undefined && ancestry === null) return 'FORBIDDEN';
    if (!scopesCover(entry.scopes, ancestry, wanted)) return 'FORBIDDEN';
  }
  return null;
}

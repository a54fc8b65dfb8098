// The verify decision, in the contract's order, decided in one place. Pure: the verifier gathers
// the facts from its caches and this function says what they mean.
import { scopesCover, type Permission, type Scope } from '../domain/scopes.js';

export type VerifyCode =
  | 'MALFORMED' | 'NOT_FOUND' | 'REVOKED' | 'EXPIRED' | 'DISABLED' | 'FORBIDDEN' | 'USAGE_EXCEEDED' | 'RATE_LIMITED';

/** A cached key: only what verification needs, kept small. */
export interface KeyEntry {
  id: string;
  tenantId: string;
  ownerId: string;
  name: string;
  hash: string;
  scopes: readonly Scope[];
  expiresAt: string | null;
  expiresAtMs: number; // Infinity when the key never expires
  revoked: boolean;
  management: boolean;
  ratelimit: { limit: number; durationMs: number } | null;
  remaining: number | null; // credits at load time; the usage buffer holds what was spent since
}

export interface VerifyRequest {
  resourceId?: string;
  permission?: Permission;
  cost?: number;
  dryRun?: boolean;
}

export interface Facts {
  nowMs: number;
  tenantEnabled: boolean;
  /** The owner is a developer with a licence in the key's tenant, and not disabled. */
  ownerActive: boolean;
  /** The requested resource and its ancestors, or null when the resource is unknown in this tenant. */
  ancestry: readonly string[] | null;
  remaining: number | null;
}

/** The status and policy checks; credit and rate-limit checks follow in the verifier. */
export function decide(entry: KeyEntry, facts: Facts, request: VerifyRequest): VerifyCode | null {
  if (entry.revoked) return 'REVOKED';
  if (entry.expiresAtMs <= facts.nowMs) return 'EXPIRED';
  if (!facts.tenantEnabled || !facts.ownerActive) return 'DISABLED';
  if (request.resourceId !== undefined || request.permission !== undefined) {
    const wanted = request.permission ?? 'read';
    const ancestry = request.resourceId === undefined ? null : facts.ancestry;
    if (request.resourceId !== undefined && ancestry === null) return 'FORBIDDEN';
    if (!scopesCover(entry.scopes, ancestry, wanted)) return 'FORBIDDEN';
  }
  if (facts.remaining !== null && facts.remaining < (request.cost ?? 1)) return 'USAGE_EXCEEDED';
  return null;
}

// A tenant's event types by area: what the events filter offers and what a webhook can ask for.
export const EVENT_AREAS: Record<string, readonly string[]> = {
  key: ['created', 'updated', 'rotated', 'revoked', 'deleted', 'verify_failed', 'excessive_use', 'expiring', 'rotation_due', 'unused', 'leaked', 'credits_low', 'import_conflict'],
  settings: ['updated'],
  member: ['granted', 'changed', 'withdrawn'],
  resource: ['created', 'updated', 'deleted'],
  tenant: ['created', 'updated', 'limit_reached'],
  webhook: ['created', 'updated', 'deleted'],
};

export const EVENT_TYPES = Object.entries(EVENT_AREAS).flatMap(([area, names]) => names.map((name) => `${area}.${name}`));

// What the verifier reports and a service records: a key verified more often in a minute than its
// tenant allows (settings.excessiveUsePerMinute).
export interface ExcessiveUse {
  keyId: string;
  tenantId: string;
  count: number;
  limitPerMinute: number;
  minuteStartMs: number;
  autoRevoke: boolean;
}

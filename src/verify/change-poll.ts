// The safety net under LISTEN/NOTIFY: read the `changes` table since the last id seen, at least
// once a second. PostgreSQL hands out ids when a row is inserted, not when it commits, so a change
// may appear below the last id seen; the ids skipped are remembered and looked for again for a while
// (an id that never shows up belonged to a rolled-back transaction).
import type { Change, Store } from '../store/store.js';

const GAP_WAIT_MS = 30_000;
const MAX_GAPS = 10_000;
const PAGE = 10_000;
// Rows older than this are of no use to any node (a node starting fresh begins at the newest id),
// so the feed is trimmed now and then instead of growing for ever.
const KEEP_MS = 3_600_000;
const PRUNE_EVERY_MS = 600_000;

export class ChangePoller {
  private lastId = 0;
  private readonly gaps = new Map<number, number>(); // missing id → when it was first missed
  private lastPruneMs = 0;

  constructor(private readonly store: Store, private readonly apply: (change: Change) => void) {}

  async start(): Promise<void> {
    const last = await this.store.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    this.lastId = Number(last?.id ?? 0);
  }

  get pendingGaps(): number {
    return this.gaps.size;
  }

  async poll(nowMs: number): Promise<number> {
    const db = this.store.db;
    if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = nowMs;
      await db.deleteFrom('changes').where('at', '<', new Date(nowMs - KEEP_MS).toISOString()).execute();
    }
    let applied = 0;
    if (this.gaps.size > 0) {
      const late = await db.selectFrom('changes').selectAll().where('id', 'in', [...this.gaps.keys()]).execute();
      for (const r of late) {
        this.gaps.delete(Number(r.id));
        this.applyRow(r);
        applied++;
      }
      for (const [id, since] of this.gaps) if (nowMs - since > GAP_WAIT_MS) this.gaps.delete(id);
    }
    for (;;) {
      const rows = await db.selectFrom('changes').selectAll().where('id', '>', this.lastId).orderBy('id').limit(PAGE).execute();
      for (const r of rows) {
        const id = Number(r.id);
        for (let missing = this.lastId + 1; missing < id && this.gaps.size < MAX_GAPS; missing++) this.gaps.set(missing, nowMs);
        this.applyRow(r);
        this.lastId = id;
        applied++;
      }
      if (rows.length < PAGE) return applied;
    }
  }

  private applyRow(r: { kind: string; tenant_id: string | null; subject_id: string | null; key_hash: string | null }): void {
    this.apply({ kind: r.kind as Change['kind'], tenantId: r.tenant_id, subjectId: r.subject_id, keyHash: r.key_hash });
  }
}

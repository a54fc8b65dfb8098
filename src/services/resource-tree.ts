// The resource list's order and cursor. Tree order is depth-first with siblings by name then id, so
// a resource's place is its path from the root, compared level by level (an ancestor before its
// descendants). A cursor carries the path of the page's last resource, which still says where to go
// on when that resource, or a branch above it, has been removed meanwhile.
import { compareNameThenId } from '../domain/ordering.js';
import type { ResourceTable } from '../store/schema.js';
import { decodeCursor, encodeCursor } from './paging.js';

interface Level {
  nameLc: string;
  id: string;
}

/**
 * Names in a cursor are cut to this many code points, so that a deep tree of long names still
 * gives a cursor a client can send back. A level whose resource still exists is compared by its
 * full current name; for a removed one with a longer name the cut may repeat a sibling that shares
 * its start on the next page, never skip one (the cut name sorts at or before the full one).
 */
const NAME_IN_CURSOR = 32;

type CursorLevel = [nameLc: string, id: string];

const isResourceCursor = (v: unknown): v is { p: CursorLevel[] } => {
  const p = (v as { p?: unknown } | null)?.p;
  return Array.isArray(p) && p.length > 0 &&
    p.every((l) => Array.isArray(l) && l.length === 2 && typeof l[0] === 'string' && typeof l[1] === 'string');
};

function comparePaths(a: readonly Level[], b: readonly Level[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareNameThenId(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export class ResourceTree {
  /** Every resource in tree order. */
  readonly ordered: ResourceTable[];
  private readonly byId: Map<string, ResourceTable>;
  private readonly paths = new Map<string, Level[]>();

  constructor(rows: readonly ResourceTable[]) {
    this.byId = new Map(rows.map((r) => [r.id, r]));
    this.ordered = rows.map((r) => r).sort((a, b) => comparePaths(this.pathOf(a), this.pathOf(b)));
  }

  /** Root first. A resource whose parent is missing counts as a root; a cycle (refused on writes) ends the walk. */
  private pathOf(row: ResourceTable): Level[] {
    const known = this.paths.get(row.id);
    if (known) return known;
    const path: Level[] = [];
    const seen = new Set<string>();
    for (let at: ResourceTable | undefined = row; at && !seen.has(at.id); at = at.parent_id === null ? undefined : this.byId.get(at.parent_id)) {
      seen.add(at.id);
      path.unshift({ nameLc: at.name_lc, id: at.id });
    }
    this.paths.set(row.id, path);
    return path;
  }

  /** The index of the first resource after the cursor's position. */
  startAfter(cursor: string): number {
    const levels = decodeCursor(cursor, isResourceCursor).p.map(([nameLc, id]) => ({ nameLc, id }));
    // The deepest resource of the path that still exists gives its current place; the removed
    // levels below it keep the places they had.
    let deepest = levels.length - 1;
    while (deepest >= 0 && !this.byId.has(levels[deepest].id)) deepest--;
    const position = deepest < 0 ? levels : [...this.pathOf(this.byId.get(levels[deepest].id)!), ...levels.slice(deepest + 1)];
    const index = this.ordered.findIndex((r) => comparePaths(this.pathOf(r), position) > 0);
    return index < 0 ? this.ordered.length : index;
  }

  cursorAt(row: ResourceTable): string {
    return encodeCursor({ p: this.pathOf(row).map((l): CursorLevel => [cut(l.nameLc), l.id]) });
  }
}

function cut(name: string): string {
  const points = Array.from(name);
  return points.length <= NAME_IN_CURSOR ? name : points.slice(0, NAME_IN_CURSOR).join('');
}

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

const levelOf = (row: ResourceTable): Level => ({ nameLc: row.name_lc, id: row.id });

export class ResourceTree {
  /** Every resource in tree order. */
  readonly ordered: ResourceTable[];
  private readonly byId: Map<string, ResourceTable>;

  /**
   * Orders the tree by a walk, depth first, siblings by name then id: the order of the resources'
   * paths, with work and memory linear in the resources (building every path first was quadratic
   * in a deep tree). A resource whose parent is missing counts as a root.
   */
  constructor(rows: readonly ResourceTable[]) {
    this.byId = new Map(rows.map((r) => [r.id, r]));
    const children = new Map<string, ResourceTable[]>();
    for (const row of rows) {
      const under = row.parent_id !== null && this.byId.has(row.parent_id) ? row.parent_id : '';
      const siblings = children.get(under);
      if (siblings) siblings.push(row);
      else children.set(under, [row]);
    }
    for (const siblings of children.values()) siblings.sort((a, b) => compareNameThenId(levelOf(a), levelOf(b)));
    const walked: ResourceTable[] = [];
    const stack = [...(children.get('') ?? [])].reverse();
    const placed = new Set<string>();
    while (stack.length > 0) {
      const row = stack.pop()!;
      if (placed.has(row.id)) continue;
      placed.add(row.id);
      walked.push(row);
      const below = children.get(row.id);
      if (below) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
    }
    // A cycle (refused on writes, but data from older versions may hold one) has no root to be
    // reached from: then the whole tree is ordered by its paths, so cursors still find every place.
    if (placed.size === rows.length) {
      this.ordered = walked;
    } else {
      const paths = new Map(rows.map((r) => [r.id, this.pathOf(r)]));
      this.ordered = [...rows].sort((a, b) => comparePaths(paths.get(a.id)!, paths.get(b.id)!));
    }
  }

  /** Root first. A cycle (refused on writes) ends the walk. */
  private pathOf(row: ResourceTable): Level[] {
    const path: Level[] = [];
    const seen = new Set<string>();
    for (let at: ResourceTable | undefined = row; at && !seen.has(at.id); at = at.parent_id === null ? undefined : this.byId.get(at.parent_id)) {
      seen.add(at.id);
      path.push(levelOf(at));
    }
    return path.reverse();
  }

  /** The index of the first resource after the cursor's position. */
  startAfter(cursor: string): number {
    const levels = decodeCursor(cursor, isResourceCursor).p.map(([nameLc, id]) => ({ nameLc, id }));
    // The deepest resource of the path that still exists gives its current place; the removed
    // levels below it keep the places they had.
    let deepest = levels.length - 1;
    while (deepest >= 0 && !this.byId.has(levels[deepest].id)) deepest--;
    const position = deepest < 0 ? levels : [...this.pathOf(this.byId.get(levels[deepest].id)!), ...levels.slice(deepest + 1)];
    // The resources are in path order: a binary search reads a few paths, not all of them.
    let [low, high] = [0, this.ordered.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePaths(this.pathOf(this.ordered[middle]), position) > 0) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  cursorAt(row: ResourceTable): string {
    return encodeCursor({ p: this.pathOf(row).map((l): CursorLevel => [cut(l.nameLc), l.id]) });
  }
}

function cut(name: string): string {
  const points = Array.from(name);
  return points.length <= NAME_IN_CURSOR ? name : points.slice(0, NAME_IN_CURSOR).join('');
}

// A Kysely plugin for tests of what runs while a query is under way: the answer of the next query
// the test picks is held until it releases it, and queries sent after a given moment are noted.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export class HeldAnswer implements KyselyPlugin {
  stopBegun = false;
  readonly sentAfterStop: string[] = [];
  release: () => void = () => {};
  private wanted: ((node: RootOperationNode) => boolean) | null = null;
  private held: QueryId | null = null;
  private hold: { reached: () => void; released: Promise<void> } | null = null;

  /** Resolves once the next query that `matches` has been answered by the database, its answer held until `release()`. */
  holdNext(matches: (node: RootOperationNode) => boolean = () => true): Promise<void> {
    const released = new Promise<void>((resolve) => { this.release = resolve; });
    this.wanted = matches;
    return new Promise<void>((reached) => { this.hold = { reached, released }; });
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.stopBegun) this.sentAfterStop.push(args.node.kind);
    if (this.wanted?.(args.node)) {
      this.wanted = null;
      this.held = args.queryId;
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const hold = this.hold;
    if (hold && args.queryId === this.held) {
      this.hold = null;
      this.held = null;
      hold.reached();
      await hold.released;
    }
    return args.result;
  }
}

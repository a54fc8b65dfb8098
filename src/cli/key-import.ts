// `keywarden keys import FILE.jsonl`: one key per line (the body items of POST /tenants/:tid/keys/import),
// sent in batches of at most 1,000 items and 1 MiB, with progress on stderr and a summary at the end.
// Exit codes as the other commands: 0 when every key is imported or already was (a re-run), 1 when
// the server refused any item or the whole request, 2 for a usage error (a bad line: nothing is sent).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { runAction, UsageError, EXIT, type Io } from './io.js';
import { clientFor, optionsOf, withConnection } from './options.js';
import { printJson } from './output.js';

const MAX_ITEMS = 1000;
// Under the route's 1 MiB, with room for the envelope.
const MAX_BYTES = 1_000_000;

interface ItemResult {
  ok: boolean;
  id?: string;
  code?: string;
}

/** The file's items, each with its line number; blank lines are skipped. */
export function parseJsonLines(text: string): { line: number; item: unknown; json: string }[] {
  const items: { line: number; item: unknown; json: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const json = raw.trim();
    if (!json) return;
    let item: unknown;
    try {
      item = JSON.parse(json);
    } catch {
      throw new UsageError(`line ${i + 1}: not valid JSON`);
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new UsageError(`line ${i + 1}: expected a JSON object`);
    items.push({ line: i + 1, item, json });
  });
  if (items.length === 0) throw new UsageError('the file holds no keys');
  return items;
}

/** Consecutive batches of at most MAX_ITEMS items and about MAX_BYTES of JSON each. */
export function batchesOf<T extends { json: string }>(items: T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(item.json) + 1;
    if (current.length > 0 && (current.length === MAX_ITEMS || bytes + size > MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function summarize(results: ItemResult[]) {
  const failed: Record<string, number> = {};
  let imported = 0;
  let exists = 0;
  for (const r of results) {
    if (r.ok) imported++;
    else if (r.code === 'KEY_EXISTS') exists++;
    else failed[r.code ?? 'UNKNOWN'] = (failed[r.code ?? 'UNKNOWN'] ?? 0) + 1;
  }
  return { imported, exists, failed };
}

export function registerKeyImportCommand(keys: Command, io: Io): void {
  withConnection(keys.command('import').argument('<file>', 'a JSON Lines file, one key a line ("-": standard input)')
    .description('import keys from another system by the SHA-256 of their secrets (tenant admin)'))
    .option('--dry-run', 'check every key without importing any')
    .action((file: string, opts, command: Command) => runAction(io, async () => {
      const text = file === '-' ? await io.stdin() : await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`);
      });
      const items = parseJsonLines(text);
      const client = clientFor(io, command);
      const tid = await client.tenant();
      const dryRun = !!opts.dryRun;
      const results: (ItemResult & { line: number })[] = [];
      for (const batch of batchesOf(items)) {
        const answer = await client.request<{ results: ItemResult[] }>('POST', `/tenants/${tid}/keys/import`, {
          body: { dryRun, keys: batch.map((b) => b.item) },
        });
        answer.results.forEach((r, i) => results.push({ line: batch[i].line, ...r }));
        io.stderr(`${io.isStderrTty ? '\r' : ''}${dryRun ? 'checking' : 'importing'}: ${results.length}/${items.length}${io.isStderrTty ? '' : '\n'}`);
      }
      if (io.isStderrTty) io.stderr('\n');
      const summary = summarize(results);
      for (const r of results) if (!r.ok && r.code !== 'KEY_EXISTS') io.stderr(`line ${r.line}: ${r.code}\n`);
      if (optionsOf(command).json) {
        printJson(io, { dryRun, ...summary, results });
      } else {
        const codes = Object.entries(summary.failed).sort(([a], [b]) => a.localeCompare(b));
        io.stdout(`${dryRun ? 'Dry run: would import' : 'Imported'} ${summary.imported}, already imported ${summary.exists}, failed ${codes.reduce((n, [, c]) => n + c, 0)}.\n`);
        for (const [code, n] of codes) io.stdout(`  ${code}: ${n}\n`);
      }
      return Object.keys(summary.failed).length > 0 ? EXIT.FAILED : EXIT.OK;
    }));
}

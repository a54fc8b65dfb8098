// The query planner's statistics of a SQLite file, refreshed by a short-lived process of its own
// with its own connection. ANALYZE of a table that grew reads all of it (seconds for a million
// keys, more on a loaded machine), and better-sqlite3 runs a statement on the calling thread: at
// open it held the node's start, hourly it stopped verification. ANALYZE also holds the write lock
// while it reads, so the process analyzes one index at a time: a write on another connection waits
// for one index's scan (a few hundred milliseconds at a million keys), not the whole table's.
//
// A process rather than a worker thread: a thread's memory stays in the node's allocator after it
// ends (some 15 MB resident here, as much as 15 bytes a key of a million-key table), a process's
// goes back with it. It gets no environment (the node's holds its secret), and it loads the same
// better-sqlite3 as the store, by its resolved path. Killing it mid-ANALYZE is safe: an
// uncommitted transaction never reaches the file.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve as absolutePath } from 'node:path';

const SOURCE = String.raw`
const [driver, file] = process.argv.slice(1);
const quote = (name) => '"' + name.replace(/"/g, '""') + '"';
let db;
try {
  // An existing file only: a path that no longer holds the database must not get an empty one.
  db = new (require(driver))(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const indexes = db.prepare('select name from pragma_index_list(?)').pluck();
  const analyzed = [];
  // The tables PRAGMA optimize would analyze: all of them (0x10000) whose size moved since their
  // last statistics, fully (no analysis_limit: a sample misses how rare a revoked key is). The
  // 0x1 bit lists them without running anything.
  for (const { optimize } of db.pragma('optimize = 0x10003')) {
    const table = /^ANALYZE "main"\."((?:[^"]|"")+)"$/.exec(optimize)?.[1]?.replace(/""/g, '"');
    if (table === undefined) continue;
    const names = indexes.all(table);
    for (const name of names.length > 0 ? names : [table]) db.exec('ANALYZE main.' + quote(name));
    analyzed.push(table);
  }
  process.stdout.write(JSON.stringify({ analyzed }));
} catch (err) {
  process.stdout.write(JSON.stringify({ error: { message: err.message, code: err.code } }));
  process.exitCode = 1;
} finally {
  db?.close();
}
`;

export class SqliteStatistics {
  private running: Promise<string[]> | null = null;
  private child: ReturnType<typeof spawn> | null = null;
  private closed = false;

  /** `reload` makes the node's own connection read the new statistics (its planner keeps what it read at open). */
  constructor(private readonly file: string, private readonly reload: () => Promise<void>) {}

  /** Refreshes what moved; the tables analyzed. A refresh under way is joined rather than run twice. */
  refresh(): Promise<string[]> {
    if (this.closed) return Promise.resolve([]);
    return (this.running ??= this.run().finally(() => { this.running = null; }));
  }

  private async run(): Promise<string[]> {
    const analyzed = await this.analyzeElsewhere();
    if (analyzed.length > 0 && !this.closed) await this.reload();
    return analyzed;
  }

  private analyzeElsewhere(): Promise<string[]> {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', SOURCE, driver, absolutePath(this.file)], { stdio: ['ignore', 'pipe', 'ignore'], env: {} });
      this.child = child;
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        this.child = null;
        if (this.closed) return resolve([]);
        let answer: { analyzed?: string[]; error?: { message: string; code?: string } } = {};
        try {
          answer = JSON.parse(out);
        } catch { /* no answer: reported below */ }
        if (answer.error) reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
        else if (answer.analyzed) resolve(answer.analyzed);
        else reject(new Error(`statistics refresh ended with ${signal ?? code}`));
      });
    });
  }

  /** Ends a refresh under way (its uncommitted ANALYZE is dropped), once its process has exited. */
  async close(): Promise<void> {
    this.closed = true;
    this.child?.kill();
    await this.running?.catch(() => undefined);
  }
}

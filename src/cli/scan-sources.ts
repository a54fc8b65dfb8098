// Where `keywarden scan` looks: files under the given paths, and the patches of a repository's git history.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { findKeys, findKeysAt, MAX_KEY_LENGTH } from '../domain/key-format.js';
import { UsageError } from './io.js';

export interface Finding {
  source: 'file' | 'git';
  path: string;
  line: number;
  commit?: string;
  secret: string; // kept in memory to verify it; never printed
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
// Files are read a chunk at a time, line by line, so a large log or dump costs its longest line in
// memory, not its size.
const CHUNK_BYTES = 1024 * 1024;
// A line this long without a line break (a minified bundle, a dump on one line) is read in pieces
// that overlap by one key's length, so a key across a cut is whole in the next piece.
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** A NUL byte in the first 8 KiB marks a binary file, as git itself decides. */
const BINARY_CHECK_BYTES = 8192;
const isBinary = (head: Buffer) => head.subarray(0, BINARY_CHECK_BYTES).includes(0);

/**
 * A file's encoding from its first bytes: UTF-16 when it starts with a byte order mark (what
 * PowerShell 5 and Windows' registry exports write), else UTF-8; null for a binary file.
 */
function encodingOf(head: Buffer): { name: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } | null {
  if (head[0] === 0xff && head[1] === 0xfe) return { name: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: 'utf-16be', bom: 2 };
  return isBinary(head) ? null : { name: 'utf-8', bom: 0 };
}

/**
 * Finds the keys in a file's or a blob's bytes as they come, line by line. The first 8 KiB decide
 * the encoding (a binary file is read no further); a line over MAX_LINE_CHARS is read in pieces.
 */
class KeyLines {
  private head: Buffer[] = [];
  private headBytes = 0;
  /** undefined until the head has decided; null for a binary file. */
  private decoder: TextDecoder | null | undefined;
  private pending = '';
  private line = 1;

  constructor(
    private readonly prefixes: readonly string[],
    private readonly found: (line: number, secret: string) => void,
  ) {}

  /** False once the head showed a binary file: nothing more of it is read. */
  get wantsMore(): boolean {
    return this.decoder !== null;
  }

  push(bytes: Buffer): void {
    if (this.decoder === undefined) {
      this.head.push(Buffer.from(bytes)); // a copy: the caller may reuse its buffer
      this.headBytes += bytes.length;
      if (this.headBytes >= BINARY_CHECK_BYTES) this.decide();
    } else if (this.decoder !== null) {
      this.decode(bytes);
    }
  }

  end(): void {
    if (this.decoder === undefined) this.decide();
    if (this.decoder) this.scanLine(this.pending + this.decoder.decode());
    this.pending = '';
  }

  private decide(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const encoding = encodingOf(head);
    this.decoder = encoding && new TextDecoder(encoding.name);
    if (encoding) this.decode(head.subarray(encoding.bom));
  }

  private decode(bytes: Buffer): void {
    const pending = this.pending + this.decoder!.decode(bytes, { stream: true });
    let from = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', from)) {
      this.scanLine(pending.slice(from, end));
      this.line++;
      from = end + 1;
    }
    this.pending = pending.slice(from);
    if (this.pending.length > MAX_LINE_CHARS) {
      // The piece's keys that start within the overlap are read again, whole, with the next piece
      // (which also sees whether a letter follows them).
      const cut = this.pending.length - MAX_KEY_LENGTH;
      for (const { key, at } of findKeysAt(this.pending, this.prefixes)) {
        if (at < cut) this.found(this.line, key);
      }
      this.pending = this.pending.slice(cut);
    }
  }

  private scanLine(text: string): void {
    for (const secret of findKeys(text, this.prefixes)) this.found(this.line, secret);
  }
}

/** The keys in a file, read a chunk at a time; nothing for a binary file. */
function findingsInFile(path: string, prefixes: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const lines = new KeyLines(prefixes, (line, secret) => findings.push({ source: 'file', path, line, secret }));
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    for (let read; lines.wantsMore && (read = readSync(fd, chunk, 0, chunk.length, null)) > 0;) lines.push(chunk.subarray(0, read));
    lines.end();
  } finally {
    closeSync(fd);
  }
  return findings;
}

/**
 * Files under `paths`, recursively. Symbolic links are not followed (no loops, nothing outside the
 * tree: a staged link to a secrets file elsewhere, or to /proc), but for a directory named on the
 * command line (macOS' /tmp, a deploy's `current`); the ones skipped are told to `onSkip`, with why.
 */
export function scanFiles(paths: string[], prefixes: readonly string[], onSkip: (path: string, why: string) => void): Finding[] {
  const findings: Finding[] = [];
  const visit = (path: string, explicit: boolean) => {
    let stat;
    try {
      stat = lstatSync(path);
      if (explicit && stat.isSymbolicLink()) {
        const target = statSync(path);
        if (!target.isDirectory()) return onSkip(path, 'a symbolic link to a file, not followed');
        stat = target;
      }
    } catch {
      if (explicit) throw new UsageError(`no such file or directory: ${path}`);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (!SKIPPED_DIRECTORIES.has(entry)) visit(join(path, entry), false);
      }
    } else if (stat.isFile()) {
      findings.push(...findingsInFile(path, prefixes));
    }
  };
  for (const path of paths) visit(path, true);
  return findings;
}

/** git run in `repo`, its output read as it comes; `done` throws a usage error when it failed. */
function runGit(repo: string, args: string[], input?: string): { stdout: Readable; done: () => Promise<void> } {
  // GIT_NO_LAZY_FETCH: a repository that calls itself a partial clone would otherwise fetch a missing
  // object from its "promisor" remote, running whatever command its config names (uploadpack, ssh).
  // GIT_NO_REPLACE_OBJECTS: refs/replace could show a clean commit in place of one that leaked.
  const git = spawn('git', ['-C', repo, ...args], {
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_NO_LAZY_FETCH: '1', GIT_NO_REPLACE_OBJECTS: '1' },
  });
  let stderr = '';
  git.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<number>((resolve, reject) => {
    git.on('error', reject);
    git.on('close', (code) => resolve(code ?? 1));
  });
  if (input !== undefined) git.stdin!.end(input);
  return {
    stdout: git.stdout!,
    done: async () => {
      const code = await exited;
      if (code !== 0) throw new UsageError(`git ${args[0]} failed in ${repo}: ${stderr.trim() || `exit code ${code}`}`);
    },
  };
}

/** Where a patch is inside a hunk: the lines each side has left, and the next line's number in the new file. */
interface Hunk {
  /** Per parent: 1 for a commit, 2 or more for a merge's combined diff. */
  oldLeft: number[];
  newLeft: number;
  line: number;
}

// `@@ -a,b +c,d @@`, and for a merge's combined diff `@@@ -a,b -c,d +e,f @@@` (one `-` range a parent).
const HUNK_HEADER = /^(@{2,}) ((?:-\d+(?:,\d+)? )+)\+(\d+)(?:,(\d+))? \1/;

function hunkOf(header: string): Hunk | null {
  const m = HUNK_HEADER.exec(header);
  if (!m) return null;
  const count = (range: string) => (range.includes(',') ? Number(range.slice(range.indexOf(',') + 1)) : 1);
  return { oldLeft: m[2].trim().split(' ').map(count), newLeft: m[4] === undefined ? 1 : Number(m[4]), line: Number(m[3]) };
}

/**
 * Keys added anywhere in a repository's history: `git log -p --cc --all`, reading the added lines of
 * each hunk with their line numbers in the new file. Hunk lengths from the `@@` header tell content
 * from headers, so an added line that itself starts with "++ " is still read as content. A merge
 * comes as a combined diff, one marker column a parent: its lines added against every parent are
 * the merge's own (a resolution can add a key neither side had); a line added against one parent
 * only came from the other, whose own commits are read already.
 *
 * A file git shows as "Binary files differ" (UTF-16, or marked `-diff` in its attributes) has no
 * patch to read: its versions are read whole afterwards (readBinaryVersions).
 */
export async function scanGitHistory(repo: string, prefixes: readonly string[]): Promise<Finding[]> {
  // --no-show-signature: a repository's own config could otherwise run a program of its choice
  // (gpg.program) on signed commits; --no-ext-diff and --no-textconv, the same for its diff drivers.
  // The prefixes: its config may drop them (diff.noprefix), and the diff headers are read for paths;
  // --root: it may hide the first commit's diff (log.showRoot=false).
  const log = runGit(repo, [
    'log', '-p', '--cc', '--root', '--full-index', '--all', '--topo-order', '--no-color', '--no-ext-diff', '--no-textconv',
    '--no-show-signature', '--src-prefix=a/', '--dst-prefix=b/', '--pretty=format:commit %H',
  ]);
  const findings: Finding[] = [];
  const binaries: BinaryVersion[] = [];
  let commit = '';
  let path = '';
  let hunk: Hunk | null = null;
  // The file and new blob of the diff being read, for a file git shows as binary.
  let diffPath: string | null = null;
  let blob = '';
  for await (const text of createInterface({ input: log.stdout, crlfDelay: Infinity })) {
    if (hunk !== null && (hunk.newLeft > 0 || hunk.oldLeft.some((left) => left > 0))) {
      if (text[0] === '\\') continue; // "\ No newline at end of file" belongs to no side
      const parents = hunk.oldLeft.length;
      const marks = text.slice(0, parents);
      for (let i = 0; i < parents; i++) if (marks[i] !== '+') hunk.oldLeft[i]--;
      if (marks.includes('-')) continue; // not in the new file
      if (!/[^+]/.test(marks)) {
        for (const secret of findKeys(text.slice(parents), prefixes)) findings.push({ source: 'git', path, line: hunk.line, commit, secret });
      }
      hunk.line++;
      hunk.newLeft--;
      continue;
    }
    const next = text.startsWith('@@') ? hunkOf(text) : null;
    if (next) {
      hunk = next;
    } else if (text.startsWith('commit ')) {
      commit = text.slice(7, 47);
    } else if (text.startsWith('+++ ')) {
      path = text.startsWith('+++ b/') ? text.slice(6) : text.slice(4);
    } else if (text.startsWith('diff --')) {
      diffPath = pathOfDiffHeader(text);
    } else if (text.startsWith('rename to ') || text.startsWith('copy to ')) {
      diffPath = text.slice(text.indexOf(' to ') + 4);
    } else if (text.startsWith('index ')) {
      blob = text.slice(text.indexOf('..') + 2).split(' ')[0];
    } else if (text.startsWith('Binary files ') && !/^0+$/.test(blob) && diffPath !== null) {
      binaries.push({ commit, path: diffPath, blob });
    }
  }
  await log.done();
  // --topo-order: every commit comes before its parents, so reversed, the oldest version is first.
  findings.push(...await readBinaryVersions(repo, binaries.reverse(), prefixes));
  return findings;
}

/** A version of a file git shows as binary: the commit that made it, and its blob. */
interface BinaryVersion {
  commit: string;
  path: string;
  blob: string;
}

/**
 * The file a diff header names: `diff --git a/P b/P` (both halves alike, quoted alike when git
 * quotes P), or a merge's `diff --cc P`. A rename's or copy's new name comes in its own line.
 */
function pathOfDiffHeader(text: string): string | null {
  if (text.startsWith('diff --cc ')) return text.slice('diff --cc '.length);
  const halves = text.slice('diff --git '.length);
  const half = (halves.length - 1) / 2;
  const [a, b] = [halves.slice(0, half), halves.slice(half + 1)];
  if (halves[half] !== ' ') return null;
  if (a.startsWith('"a/') && b === `"b/${a.slice(3)}`) return `"${a.slice(3)}`;
  if (a.startsWith('a/') && b === `b/${a.slice(2)}`) return a.slice(2);
  return null;
}

/**
 * The keys in binary versions, `versions` oldest first: each blob is read once, whole, through
 * `git cat-file --batch` (no filters run), as a file is read; a key is told once a path, at the
 * oldest version that has it, the way a patch tells it at the commit that added its line.
 */
async function readBinaryVersions(repo: string, versions: BinaryVersion[], prefixes: readonly string[]): Promise<Finding[]> {
  const blobs = [...new Set(versions.map((v) => v.blob))];
  if (blobs.length === 0) return [];
  const keysOf = new Map<string, { line: number; secret: string }[]>(blobs.map((b) => [b, []]));
  const catFile = runGit(repo, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
  // The answer is, a blob each: `<blob> blob <size>\n`, its bytes, then `\n`.
  let next = 0;
  let header = Buffer.alloc(0);
  let left = -1; // the current blob's bytes still to come, and its closing newline; -1 between blobs
  let lines: KeyLines | null = null;
  for await (const chunk of catFile.stdout as AsyncIterable<Buffer>) {
    let bytes = chunk;
    while (bytes.length > 0) {
      if (left < 0) {
        const end = bytes.indexOf(0x0a);
        if (end === -1) {
          header = Buffer.concat([header, bytes]);
          break;
        }
        const [name, type, size] = Buffer.concat([header, bytes.subarray(0, end)]).toString().split(' ');
        header = Buffer.alloc(0);
        bytes = bytes.subarray(end + 1);
        if (type !== 'blob') throw new UsageError(`git cat-file failed in ${repo}: ${name} is ${type ?? 'missing'}`);
        const keys = keysOf.get(blobs[next++])!;
        lines = new KeyLines(prefixes, (line, secret) => keys.push({ line, secret }));
        left = Number(size) + 1;
      }
      const take = Math.min(left, bytes.length);
      const content = bytes.subarray(0, Math.min(take, left - 1));
      if (content.length > 0) lines!.push(content);
      left -= take;
      bytes = bytes.subarray(take);
      if (left === 0) {
        lines!.end();
        left = -1;
      }
    }
  }
  await catFile.done();
  if (next !== blobs.length) throw new UsageError(`git cat-file failed in ${repo}: ${blobs.length - next} blobs not read`);
  const findings: Finding[] = [];
  const told = new Set<string>();
  for (const { commit, path, blob } of versions) {
    for (const { line, secret } of keysOf.get(blob)!) {
      const once = `${path}\n${secret}`;
      if (told.has(once)) continue;
      told.add(once);
      findings.push({ source: 'git', path, line, commit, secret });
    }
  }
  return findings;
}

// Where `keywarden scan` looks: files under the given paths, and the patches of a repository's git history.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
const isBinary = (head: Buffer) => head.subarray(0, 8192).includes(0);

/**
 * A file's encoding from its first bytes: UTF-16 when it starts with a byte order mark (what
 * PowerShell 5 and Windows' registry exports write), else UTF-8; null for a binary file.
 */
function encodingOf(head: Buffer): { name: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } | null {
  if (head[0] === 0xff && head[1] === 0xfe) return { name: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: 'utf-16be', bom: 2 };
  return isBinary(head) ? null : { name: 'utf-8', bom: 0 };
}

/** The keys in a file, read a chunk at a time; nothing for a binary file. */
function findingsInFile(path: string, prefixes: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let read = readSync(fd, chunk, 0, chunk.length, null);
    const encoding = encodingOf(chunk.subarray(0, read));
    if (encoding === null) return findings;
    const decoder = new TextDecoder(encoding.name);
    let line = 1;
    let pending = '';
    const scan = (text: string) => {
      for (const secret of findKeys(text, prefixes)) findings.push({ source: 'file', path, line, secret });
    };
    for (let start = encoding.bom; read > 0; start = 0, read = readSync(fd, chunk, 0, chunk.length, null)) {
      pending += decoder.decode(chunk.subarray(start, read), { stream: true });
      let from = 0;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', from)) {
        scan(pending.slice(from, end));
        line++;
        from = end + 1;
      }
      pending = pending.slice(from);
      if (pending.length > MAX_LINE_CHARS) {
        // The piece's keys that start within the overlap are read again, whole, with the next piece
        // (which also sees whether a letter follows them).
        const cut = pending.length - MAX_KEY_LENGTH;
        for (const { key, at } of findKeysAt(pending, prefixes)) {
          if (at < cut) findings.push({ source: 'file', path, line, secret: key });
        }
        pending = pending.slice(cut);
      }
    }
    scan(pending + decoder.decode());
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
 */
export async function scanGitHistory(repo: string, prefixes: readonly string[]): Promise<Finding[]> {
  // --no-show-signature: a repository's own config could otherwise run a program of its choice
  // (gpg.program) on signed commits; --no-ext-diff and --no-textconv, the same for its diff drivers.
  const git = spawn('git', [
    '-C', repo, 'log', '-p', '--cc', '--all', '--no-color', '--no-ext-diff', '--no-textconv', '--no-show-signature', '--pretty=format:commit %H',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  git.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<number>((resolve, reject) => {
    git.on('error', reject);
    git.on('close', (code) => resolve(code ?? 1));
  });
  const findings: Finding[] = [];
  let commit = '';
  let path = '';
  let hunk: Hunk | null = null;
  for await (const text of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
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
    }
  }
  const code = await exited;
  if (code !== 0) throw new UsageError(`git log failed in ${repo}: ${stderr.trim() || `exit code ${code}`}`);
  return findings;
}

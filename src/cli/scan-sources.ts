// Where `keywarden scan` looks: files under the given paths, and the patches of a repository's git history.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findKeys } from '../domain/key-format.js';
import { UsageError } from './io.js';

export interface Finding {
  source: 'file' | 'git';
  path: string;
  line: number;
  commit?: string;
  secret: string; // kept in memory to verify it; never printed
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
// Larger files are lock files, dumps or media far more often than code: reported, not read.
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A NUL byte in the first 8 KiB marks a binary file, as git itself decides. */
const isBinary = (bytes: Buffer) => bytes.subarray(0, 8192).includes(0);

export function findingsInText(text: string, prefixes: readonly string[], at: { source: 'file' | 'git'; path: string; commit?: string }, firstLine = 1): Finding[] {
  const found: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    for (const secret of findKeys(line, prefixes)) found.push({ ...at, line: firstLine + i, secret });
  });
  return found;
}

/**
 * A file's text: UTF-8, or UTF-16 when it starts with a byte order mark (what PowerShell 5 and
 * Windows' registry exports write); null for a binary file.
 */
function textOf(path: string): string | null {
  const bytes = readFileSync(path);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  return isBinary(bytes) ? null : bytes.toString('utf8');
}

/**
 * Files under `paths`, recursively, with the ones skipped and why. Symbolic links are not followed
 * (no loops, nothing outside the tree: a staged link to a secrets file elsewhere, or to /proc), but
 * for a directory named on the command line (macOS' /tmp, a deploy's `current`).
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
      if (stat.size > MAX_FILE_BYTES) return onSkip(path, 'larger than 10 MiB');
      const text = textOf(path);
      if (text !== null) findings.push(...findingsInText(text, prefixes, { source: 'file', path }));
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

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
 * Files under `paths`, recursively, with the ones skipped and why. Symbolic links inside a directory
 * are not followed (no loops, nothing outside the tree); a path given on the command line is
 * followed (macOS' /tmp, a deploy's `current`).
 */
export function scanFiles(paths: string[], prefixes: readonly string[], onSkip: (path: string, why: string) => void): Finding[] {
  const findings: Finding[] = [];
  const visit = (path: string, explicit: boolean) => {
    let stat;
    try {
      stat = explicit ? statSync(path) : lstatSync(path);
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

/**
 * Keys added anywhere in a repository's history: `git log -p --all`, reading the added lines of each
 * hunk with their line numbers in the new file. Hunk lengths from the `@@` header tell content from
 * headers, so an added line that itself starts with "++ " is still read as content.
 */
export async function scanGitHistory(repo: string, prefixes: readonly string[]): Promise<Finding[]> {
  // --diff-merges=first-parent: a merge's own lines too (a resolution can add a key no parent has);
  // --text: files .gitattributes marks -diff or binary (lock files, *.json) are patches like others.
  const git = spawn('git', [
    '-C', repo, 'log', '-p', '--all', '--diff-merges=first-parent', '--text', '--no-color', '--no-ext-diff', '--no-textconv', '--pretty=format:commit %H',
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
  let line = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for await (const text of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
    if (oldLeft > 0 || newLeft > 0) {
      const mark = text[0];
      if (mark === '+') {
        for (const secret of findKeys(text.slice(1), prefixes)) findings.push({ source: 'git', path, line, commit, secret });
        line++;
        newLeft--;
      } else if (mark === '-') {
        oldLeft--;
      } else if (mark !== '\\') { // "\ No newline at end of file" belongs to neither side
        line++;
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      line = Number(hunk[2]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
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

// Where `keywarden scan` looks: files under the given paths, and the patches of a repository's git history.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { lstatSync, openSync, readdirSync, readFileSync, readSync, closeSync } from 'node:fs';
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
function isBinary(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8192);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).includes(0);
  } finally {
    closeSync(fd);
  }
}

export function findingsInText(text: string, at: { source: 'file' | 'git'; path: string; commit?: string }, firstLine = 1): Finding[] {
  const found: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    for (const secret of findKeys(line)) found.push({ ...at, line: firstLine + i, secret });
  });
  return found;
}

/** Files under `paths` (recursively; not following symbolic links), with the ones skipped and why. */
export function scanFiles(paths: string[], onSkip: (path: string, why: string) => void): Finding[] {
  const findings: Finding[] = [];
  const visit = (path: string, explicit: boolean) => {
    let stat;
    try {
      stat = lstatSync(path);
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
      if (isBinary(path)) return;
      findings.push(...findingsInText(readFileSync(path, 'utf8'), { source: 'file', path }));
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
export async function scanGitHistory(repo: string): Promise<Finding[]> {
  const git = spawn('git', ['-C', repo, 'log', '-p', '--all', '--no-color', '--no-ext-diff', '--no-textconv', '--pretty=format:commit %H'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
        for (const secret of findKeys(text.slice(1))) findings.push({ source: 'git', path, line, commit, secret });
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

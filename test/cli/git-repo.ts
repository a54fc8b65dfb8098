// Throw-away git repositories for the scanner's history tests: a fixed author, no user or system
// config, removed after the file's tests. `env` adds to the environment (a fixed commit time, say).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll } from 'vitest';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.test',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
};

export interface GitRepo {
  dir: string;
  git(...args: string[]): string;
  write(name: string, content: string | Buffer): void;
}

/** Registers the clean-up; call at the top of a test file, then `repo()` in its tests. */
export function gitRepos(env: Record<string, string> = {}): () => GitRepo {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'keywarden-scan-git-'));
    dirs.push(dir);
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { env: { ...process.env, ...IDENTITY, ...env }, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    return { dir, git, write: (name, content) => writeFileSync(join(dir, name), content) };
  };
}

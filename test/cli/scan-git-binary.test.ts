// `scan --git` reads the versions of files git shows as binary (git cat-file): a key in one is
// reported at its own file, named by the diff's header, and at the oldest commit whose version has it
// (the log in topological order, as scripted or rebased histories share one commit time).
import { describe, expect, it } from 'vitest';
import { gitRepos } from './git-repo.js';
import { scanGitHistory } from '../../src/cli/scan-sources.js';
import { generateKey } from '../../src/domain/key-format.js';

// One fixed time, as scripted or rebased histories have (all commits in the same second).
const repo = gitRepos({ GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' });

const secret = () => generateKey('kw').secret;
const found = async (dir: string) => (await scanGitHistory(dir, ['kw'])).map((f) => [f.path, f.line, (f as { commit?: string }).commit, f.secret]);

describe('scan --git, files git shows as binary', () => {
  it('reports a key in a -diff file at that file, also when a text file of the same commit has the same content', async () => {
    const { dir, git, write } = repo();
    const key = secret();
    write('.gitattributes', '*.env -diff\n');
    // The same bytes under a text name and a -diff name (a template and its filled-in copy, say).
    write('a.txt', `A=1\nKEY=${key}\n`);
    write('b.env', `A=1\nKEY=${key}\n`);
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const c = git('rev-parse', 'HEAD');
    // Seen: [a.txt, 2, c, key] twice, and b.env never named.
    expect((await found(dir)).sort()).toEqual([['a.txt', 2, c, key], ['b.env', 2, c, key]].sort());
  });

  it('reports a key of a -diff file at the commit that added it, not at a later merge', async () => {
    const { dir, git, write } = repo();
    const key = secret();
    write('.gitattributes', '*.env -diff\n');
    write('s.env', 'A=1\nB=2\nC=3\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    git('checkout', '-q', '-b', 'side');
    write('s.env', `A=1\nB=2\nC=3\nS=${key}\n`);
    git('commit', '-q', '-am', 'side adds the key');
    const added = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    write('s.env', 'M=0\nA=1\nB=2\nC=3\n');
    git('commit', '-q', '-am', 'main');
    git('merge', '-q', '--no-edit', 'side');
    const merge = git('rev-parse', 'HEAD');
    expect(merge).not.toBe(added);
    write('README', 'later work on main\n');
    git('add', 'README');
    git('commit', '-q', '-m', 'later');
    // Seen: [s.env, 5, merge, key]: reported at the merge, whose version merely kept the side's key.
    expect(await found(dir)).toEqual([['s.env', 4, added, key]]);
  });
});

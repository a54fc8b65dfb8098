// `keywarden scan --git` on a repository whose own config or refs hide part of its history from
// `git log -p` (found by a review).
import { describe, expect, it } from 'vitest';
import { gitRepos } from './git-repo.js';
import { scanGitHistory } from '../../src/cli/scan-sources.js';
import { generateKey } from '../../src/domain/key-format.js';

const repo = gitRepos();

describe('scan --git and history the repository hides', () => {
  it('finds a key added by the root commit also when the repository sets log.showRoot=false', async () => {
    const { dir, git, write } = repo();
    const key = generateKey('kw').secret;
    write('config.env', `KEY=${key}\n`);
    git('add', '.');
    git('commit', '-q', '-m', 'initial');
    const root = git('rev-parse', 'HEAD');
    write('README', 'hello\n');
    git('add', '.');
    git('commit', '-q', '-m', 'two');
    git('config', 'log.showRoot', 'false'); // the repository's own .git/config
    const found = (await scanGitHistory(dir, ['kw'])).map((f) => [f.path, f.commit, f.secret]);
    expect(found).toEqual([['config.env', root, key]]);
  });

  it('finds a key in a commit the repository replaces (refs/replace) with one without it', async () => {
    const { dir, git, write } = repo();
    write('README', 'hello\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const key = generateKey('kw').secret;
    write('config.env', `KEY=${key}\n`);
    git('add', '.');
    git('commit', '-q', '-m', 'oops');
    const leaking = git('rev-parse', 'HEAD');
    git('rm', '-q', 'config.env');
    git('commit', '-q', '-m', 'remove the key');
    // A stand-in for the leaking commit: same parent, the tree without the key.
    const clean = git('commit-tree', '-p', 'HEAD~2', '-m', 'oops', `${leaking}~1^{tree}`);
    git('replace', leaking, clean);
    const found = (await scanGitHistory(dir, ['kw'])).map((f) => [f.path, f.commit, f.secret]);
    expect(found).toEqual([['config.env', leaking, key]]);
  });
});

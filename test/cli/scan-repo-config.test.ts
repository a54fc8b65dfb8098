// `keywarden scan --git` on a repository whose own config is hostile or merely unusual (found by a review).
import { existsSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitRepos } from './git-repo.js';
import { scanGitHistory } from '../../src/cli/scan-sources.js';
import { generateKey } from '../../src/domain/key-format.js';

const repo = gitRepos();
const markers: string[] = [];
afterAll(() => { for (const m of markers) rmSync(m, { force: true }); });



describe('scan --git and the repository\'s own config', () => {
  it('finds a key in a binary file also when the repository sets diff.noprefix', async () => {
    const { dir, git, write } = repo();
    const key = generateKey('kw').secret;
    write('.gitattributes', '*.env -diff\n'); // a text file git shows as "Binary files differ"
    write('prod.env', `A=1\nKEY=${key}\n`);
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const c = git('rev-parse', 'HEAD');
    git('config', 'diff.noprefix', 'true'); // the repository's own .git/config
    const found = (await scanGitHistory(dir, ['kw'])).map((f) => [f.path, f.commit, f.secret]);
    expect(found).toEqual([['prod.env', c, key]]);
  });

  it('runs no program a partial clone\'s promisor remote names (remote.<name>.uploadpack) while reading history', async () => {
    const { dir, git, write } = repo();
    write('a.bin', Buffer.from([0, 1, 2, 3]));
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    write('a.bin', Buffer.from([0, 1, 2, 4]));
    git('commit', '-q', '-am', 'two');
    // A blob left out, as a partial clone leaves it; git fetches it "lazily" from the promisor remote.
    const blob = git('rev-parse', 'HEAD:a.bin');
    unlinkSync(join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const marker = join(dir, '..', `kw-review3-pwned-${process.pid}`);
    markers.push(marker);
    git('config', 'core.repositoryformatversion', '1');
    git('config', 'extensions.partialClone', 'origin');
    git('config', 'remote.origin.promisor', 'true');
    git('config', 'remote.origin.url', join(dir, 'nowhere'));
    git('config', 'remote.origin.uploadpack', `touch ${marker}; false`);
    await scanGitHistory(dir, ['kw']).catch(() => {}); // failing on the missing blob is fine; running a program is not
    expect(existsSync(marker)).toBe(false);
  });
});

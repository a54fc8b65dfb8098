// `keywarden scan` leaves a binary file once its first bytes show it binary: a tree scan must not
// read every byte of every image, archive, disk image or database dump in it (a sparse 1 TiB file
// would take a terabyte of reads). The bytes read are counted through node:fs.
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const counter = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readSync = ((...args: Parameters<typeof fs.readSync>) => {
    const n = (fs.readSync as (...a: unknown[]) => number)(...args);
    counter.bytes += n;
    return n;
  }) as typeof fs.readSync;
  return { ...fs, default: { ...fs, readSync }, readSync };
});

const { scanFiles } = await import('../../src/cli/scan-sources.js');
const { generateKey } = await import('../../src/domain/key-format.js');

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('keywarden scan (files)', () => {
  it('reads no further into a binary file than it needs to call it binary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-review-bin-'));
    dirs.push(dir);
    // A 256 MiB sparse disk image: NUL bytes from the start, so binary at its first 8 KiB.
    const fd = openSync(join(dir, 'disk.img'), 'w');
    writeSync(fd, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]));
    ftruncateSync(fd, 256 * 1024 * 1024);
    closeSync(fd);
    const key = generateKey('kw').secret;
    writeFileSync(join(dir, 'z.env'), `KEY=${key}\n`);
    counter.bytes = 0;
    const found = scanFiles([dir], ['kw'], () => {});
    expect(found.map((f) => f.secret)).toEqual([key]);
    // Before the change: the first 1 MiB chunk (and the small text file). Seen: all 256 MiB.
    expect(counter.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PathGuard } from './path-guard.js';

test('restores changed, replaced and removed files, removes created ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-guard-'));
  const kept = join(dir, 'kept.conf');
  const gone = join(dir, 'gone.conf');
  const link = join(dir, 'link');
  const created = join(dir, 'new/deep/file');
  writeFileSync(kept, 'original\n');
  chmodSync(kept, 0o600);
  writeFileSync(gone, 'x');
  symlinkSync('/etc/hostname', link);
  const g = new PathGuard();
  for (const p of [kept, gone, link, join(dir, 'new'), created]) g.record(p);
  g.record(kept);
  assert.equal(g.paths.length, 5);

  writeFileSync(kept, 'changed');
  chmodSync(kept, 0o4755);
  unlinkSync(gone);
  rmSync(link);
  writeFileSync(link, 'now a file');
  mkdirSync(join(dir, 'new/deep'), { recursive: true });
  writeFileSync(created, 'y');

  assert.deepEqual(g.restore(), []);
  assert.equal(readFileSync(kept, 'utf8'), 'original\n');
  assert.equal(statSync(kept).mode & 0o7777, 0o600);
  assert.equal(readFileSync(gone, 'utf8'), 'x');
  assert.equal(readlinkSync(link), '/etc/hostname');
  assert.equal(existsSync(join(dir, 'new')), false);
  assert.deepEqual(g.paths, []);
  rmSync(dir, { recursive: true });
});

test('never removes a top-level system directory and ignores relative paths', () => {
  const g = new PathGuard();
  g.record('relative/path');
  assert.deepEqual(g.paths, []);
});

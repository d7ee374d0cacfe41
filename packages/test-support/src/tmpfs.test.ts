import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { mountTmpfs, TMPFS_UNAVAILABLE } from './tmpfs';

const mounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounts.splice(0)) unmount();
});

describe.skipIf(TMPFS_UNAVAILABLE !== undefined)(`mountTmpfs (${TMPFS_UNAVAILABLE ?? 'as root'})`, () => {
  test('a file system of the size asked: what fits is written, more is ENOSPC', () => {
    const fs = mountTmpfs(16);
    mounts.push(fs.unmount);
    writeFileSync(join(fs.path, 'fits'), Buffer.alloc(8 * 1024));
    expect(() => writeFileSync(join(fs.path, 'too-big'), Buffer.alloc(64 * 1024))).toThrow(
      expect.objectContaining({ code: 'ENOSPC' }),
    );
  });

  test('read-only when asked: a write is EROFS', () => {
    const fs = mountTmpfs(16, { readOnly: true });
    mounts.push(fs.unmount);
    expect(() => writeFileSync(join(fs.path, 'file'), 'x')).toThrow(
      expect.objectContaining({ code: 'EROFS' }),
    );
  });

  test('unmount removes the mount point', () => {
    const fs = mountTmpfs(16);
    fs.unmount();
    expect(existsSync(fs.path)).toBe(false);
  });
});

test('TMPFS_UNAVAILABLE is a reason or undefined, never an empty string', () => {
  expect(TMPFS_UNAVAILABLE === undefined || TMPFS_UNAVAILABLE.length > 0).toBe(true);
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { describeWriteFailure, writeFileAtomicSync } from './atomic-file';
import { mountTmpfs, TMPFS_UNAVAILABLE } from './test-support/tmpfs';

const mounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounts.splice(0)) unmount();
});

function tmpfs(sizeKiB: number, readOnly = false): string {
  const { path, unmount } = mountTmpfs(sizeKiB, { readOnly });
  mounts.push(unmount);
  return path;
}

describe.skipIf(TMPFS_UNAVAILABLE !== undefined)(
  `writeFileAtomicSync on a real tmpfs (${TMPFS_UNAVAILABLE ?? 'as root'})`,
  () => {
    test('a file larger than the free space is never left cut: the old file stays, no temp file is left', () => {
      const dir = tmpfs(64);
      const path = join(dir, 'report.json');
      writeFileSync(path, '{"old":true}\n');
      const error = (() => {
        try {
          writeFileAtomicSync(path, JSON.stringify({ pad: 'x'.repeat(200_000) }));
        } catch (e) {
          return e;
        }
      })();
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(readFileSync(path, 'utf8')).toBe('{"old":true}\n');
      expect(readdirSync(dir)).toEqual(['report.json']);
    });

    test('a file that fits is written whole', () => {
      const dir = tmpfs(64);
      const text = 'y'.repeat(30_000);
      writeFileAtomicSync(join(dir, 'a.txt'), text);
      expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe(text);
      expect(readdirSync(dir)).toEqual(['a.txt']);
    });

    test('a read-only file system is EROFS', () => {
      const dir = tmpfs(16, true);
      expect(() => writeFileAtomicSync(join(dir, 'a.txt'), 'x')).toThrow(
        expect.objectContaining({ code: 'EROFS' }),
      );
    });
  },
);

describe('describeWriteFailure', () => {
  test.each([
    ['ENOSPC', 'ENOSPC (no space left on device)'],
    ['EROFS', 'EROFS (read-only file system)'],
    ['EACCES', 'EACCES (permission denied)'],
  ])('%s is named with its meaning', (code, text) => {
    expect(describeWriteFailure(Object.assign(new Error('x'), { code }))).toBe(text);
  });

  test('an error without a code is its message', () => {
    expect(describeWriteFailure(new Error('boom'))).toBe('boom');
  });
});

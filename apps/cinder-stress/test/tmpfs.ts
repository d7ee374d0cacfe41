import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why tests on a real small file system are skipped here, or undefined when they can run: mounting
 * a tmpfs needs root (and a `mount` that is allowed to, as in a privileged container).
 */
export const TMPFS_UNAVAILABLE: string | undefined = (() => {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = mkdtempSync(join(tmpdir(), 'tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs is not allowed here (${(error as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

/** A mounted tmpfs of `sizeKiB`, read-only when asked; `unmount()` removes it and its mount point. */
export function mountTmpfs(
  sizeKiB: number,
  options: { readOnly?: boolean } = {},
): {
  path: string;
  unmount: () => void;
} {
  const path = mkdtempSync(join(tmpdir(), 'tmpfs-'));
  const flags = [`size=${sizeKiB}k`, ...(options.readOnly ? ['ro'] : [])].join(',');
  execFileSync('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', path], { stdio: 'pipe' });
  return {
    path,
    unmount: () => {
      execFileSync('umount', [path], { stdio: 'pipe' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}

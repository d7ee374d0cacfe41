import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a file could not be written, by errno code: the words a user understands. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

/**
 * `ENOSPC (no space left on device)` for an errno error, its message otherwise: the reason a
 * report, journal or orphans file could not be written, as printed to the user.
 */
export function describeWriteFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && code.length > 0) return `${code} (${REASONS[code] ?? code.toLowerCase()})`;
  return error instanceof Error ? error.message : String(error);
}

/** A write that returned without an error but wrote less than asked, or content that reads back different. */
function incompleteWrite(path: string, detail: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${path}: ${detail}`);
  // A short write on a full file system is what ENOSPC means; say it in those words.
  error.code = 'ENOSPC';
  return error;
}

/** Directories that refuse fsync (some network and FUSE file systems): the rename is still done. */
const DIRECTORY_FSYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF', 'EPERM']);

/**
 * Writes all of `bytes` at `fd`'s position, write(2) after write(2) as long as each one writes
 * something; returns how many bytes were written: fewer than `bytes.length` when a write wrote none
 * (a full device that reports no errno). Errno errors are thrown.
 */
export function writeAllSync(fd: number, bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) break;
    offset += written;
  }
  return offset;
}

/**
 * Writes `data` to `path` so that the file is either complete or untouched: the bytes go to a temp
 * file in the same directory, every write's count is checked (a short write is a failure, never
 * success), the temp file is fsynced, its size and content are read back and compared, then it is
 * renamed over `path` and the directory is fsynced. On any failure the temp file is removed and the
 * error (an errno error: `ENOSPC`, `EROFS`, `EACCES`...) is thrown; `path` keeps its old content or
 * stays absent. Synchronous, so it also serves signal handlers that exit right after.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const directory = dirname(path);
  const temp = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx+', 0o644);
    const written = writeAllSync(fd, bytes);
    if (written < bytes.length) throw incompleteWrite(temp, `wrote ${written} of ${bytes.length} bytes`);
    fsyncSync(fd);
    verifyContent(fd, temp, bytes);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // The write error is the one to report.
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // Not created, or already renamed: nothing to remove.
    }
    throw error;
  }
  syncDirectory(directory);
}

/**
 * The asynchronous form of {@link writeFileAtomicSync}, with the same guarantees (the work is done
 * synchronously: report files are written once, at the end of a run).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  writeFileAtomicSync(path, data);
}

/** Reads the temp file back and compares it with what was to be written. */
function verifyContent(fd: number, path: string, expected: Buffer): void {
  const size = fstatSync(fd).size;
  if (size !== expected.length)
    throw incompleteWrite(path, `holds ${size} bytes after writing ${expected.length}`);
  const chunk = Buffer.allocUnsafe(Math.min(expected.length, 1 << 20));
  for (let offset = 0; offset < expected.length; ) {
    const read = readSync(fd, chunk, 0, Math.min(chunk.length, expected.length - offset), offset);
    if (read <= 0) throw incompleteWrite(path, `reads back ${offset} of ${expected.length} bytes`);
    if (!chunk.subarray(0, read).equals(expected.subarray(offset, offset + read)))
      throw incompleteWrite(path, `reads back different bytes at offset ${offset}`);
    offset += read;
  }
}

/** Makes the rename durable: fsync of the directory that holds the file. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!DIRECTORY_FSYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that reports the real reason it failed. Node's recursive mkdir reports `ENOENT` when a
 * missing directory cannot be created under an existing read-only or unwritable parent; this
 * creates the first missing directory on its own then, so the error says `EROFS` or `EACCES`.
 * Throws the errno error (`code` set) of the directory at fault.
 */
export function makeDirectorySync(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = resolve(path);
    while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
    // Throws the real reason (EROFS, EACCES); when it succeeds, the rest of the path can be made.
    mkdirSync(missing);
    mkdirSync(path, { recursive: true });
  }
}

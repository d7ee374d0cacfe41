import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** Where Debian puts the OpenStack CLIs (a pyenv shim earlier on PATH would lack their modules). */
export const SYSTEM_PATH = '/usr/bin:/bin';

/** Whether `command` is installed in the system directories. */
export function systemCommand(command: string): boolean {
  for (const dir of SYSTEM_PATH.split(':')) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/**
 * `describe` or `describe.skip` for a suite that needs `what`: skipped (saying so) only when it is
 * missing and the process is not root; as root `scripts/install-system-deps.sh` installs it, so a
 * missing tool is an error.
 */
export function needs(what: string, present: boolean): { skip: boolean; reason: string } {
  if (present) return { skip: false, reason: '' };
  if (process.getuid?.() === 0)
    throw new Error(`${what} is missing: run scripts/install-system-deps.sh (as root it installs it)`);
  return {
    skip: true,
    reason: `${what} is not installed and this is not root (scripts/install-system-deps.sh installs it)`,
  };
}

/** Runs `command args` with exactly `env` (plus the system PATH); resolves with stdout, rejects with stderr. */
export function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', ...env },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `${command} ${args.join(' ')} failed (${error.code ?? error.signal}): ${stderr || stdout}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });
}

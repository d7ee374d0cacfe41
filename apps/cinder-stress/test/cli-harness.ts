import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/** The built CLI (the root test command builds before testing). */
export const CLI = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run the build first (pnpm build)`);

/** A fresh output directory. */
export function outDir(): string {
  return mkdtempSync(join(tmpdir(), 'cinder-stress-'));
}

/** Environment without OS_* variables, so runs go to the embedded fake unless a test gives some. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OS_')) env[key] = value;
  return { ...env, NO_COLOR: '1', ...extra };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<Finished> {
  const child = startCli(args, options);
  return finished(child, options.timeoutMs ?? 60_000);
}

/** Runs any command to completion (e.g. the CLI under `script` for a pseudo-terminal). */
export function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  cwd?: string,
): Promise<Finished> {
  const child = spawn(command, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  }) as ChildProcess & {
    out: { stdout: string; stderr: string };
  };
  child.out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => {
    child.out.stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    child.out.stderr += d.toString();
  });
  return finished(child, timeoutMs);
}

/**
 * The arguments of a timed run that polls every 20 ms:
 * `run <scenario> --duration <duration> --concurrency <concurrency> --poll-interval 20ms --out <out>`.
 */
export function timedRunArgs(scenario: string, duration: string, concurrency: number, out: string): string[] {
  return [
    'run',
    scenario,
    '--duration',
    duration,
    '--concurrency',
    String(concurrency),
    '--poll-interval',
    '20ms',
    '--out',
    out,
  ];
}

/** Starts the CLI and returns the child (stdout/stderr collected on it). */
export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ChildProcess & { out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: options.env ?? cleanEnv(),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & {
    out: { stdout: string; stderr: string };
  };
  child.out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => {
    child.out.stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    child.out.stderr += d.toString();
  });
  return child;
}

export function finished(
  child: ChildProcess & { out: { stdout: string; stderr: string } },
  timeoutMs: number,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `CLI did not finish within ${timeoutMs} ms\nstdout:\n${child.out.stdout}\nstderr:\n${child.out.stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...child.out });
    });
  });
}

/** Waits until `predicate` holds on the child's output. */
export async function waitForOutput(
  child: { out: { stdout: string; stderr: string } },
  predicate: (out: { stdout: string; stderr: string }) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const start = Date.now();
  while (!predicate(child.out)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(
        `output condition not met in ${timeoutMs} ms:\n${child.out.stdout}\n${child.out.stderr}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The runner's seeded random source, so a test's random choices can be replayed. */
export { seededRandom } from '../src/run/runner';

/** The p50 column (ms) of `client method` in the printed table. */
export function tableP50(stdout: string, client: string, method: string): number {
  const lines = stdout.split('\n');
  const header = lines.find((l) => /^client\s+method\s+pass/.test(l));
  if (!header) throw new Error(`no table in:\n${stdout}`);
  const column = header.split(/\s{2,}/).indexOf('p50 ms');
  const row = lines.find((l) => l.split(/\s+/)[0] === client && l.split(/\s+/)[1] === method);
  if (column < 0 || !row) throw new Error(`no p50 of ${client}.${method} in:\n${stdout}`);
  return Number(row.trim().split(/\s+/)[column]);
}

/**
 * Serves the fake cloud over loopback HTTP (`cinder-stress fake-cloud`) and returns the environment
 * of its `export OS_*` / `TRACK_*` lines; `stop` ends it with SIGTERM and checks it stopped cleanly.
 */
export async function serveFakeCloud(
  timeScale = '0.005',
): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  const server = startCli(['fake-cloud', '--port', '0', '--time-scale', timeScale]);
  await waitForOutput(server, (o) => o.stdout.includes('TRACK_NETWORK'));
  const env = cleanEnv();
  for (const line of server.out.stdout.trim().split('\n')) {
    const match = /^export ((?:OS|TRACK)_\w+)='(.*)'$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return {
    env,
    stop: async () => {
      server.kill('SIGTERM');
      const done = await finished(server, 10_000);
      expect(done.code).toBe(0);
      expect(done.stderr).toContain('fake cloud stopped (SIGTERM)');
    },
  };
}

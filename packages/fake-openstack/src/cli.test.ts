import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, test } from 'vitest';

/** The published bin (the root test command builds dist before testing). */
const BIN = join(__dirname, '..', 'bin', 'track-fake-cloud.js');

describe('track-fake-cloud bin', { timeout: 30_000 }, () => {
  test('serves the fake cloud, prints export lines that reach it, and stops on SIGTERM with exit 0', async () => {
    const program = join(__dirname, '..', 'dist', 'cli.js');
    expect(existsSync(program), `${program} is missing: run the build first (pnpm build)`).toBe(true);
    const child = spawn(process.execPath, [BIN, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const env: Record<string, string> = {};
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /^export (OS_[A-Z_]+)=(.*)$/.exec(line);
      expect(match, `unexpected line: ${line}`).not.toBeNull();
      env[match![1]!] = match![2]!.replace(/^'|'$/g, '');
      if (Object.keys(env).length === 6) break;
    }
    expect(Object.keys(env).sort()).toEqual([
      'OS_AUTH_URL',
      'OS_PASSWORD',
      'OS_PROJECT_DOMAIN_NAME',
      'OS_PROJECT_NAME',
      'OS_USERNAME',
      'OS_USER_DOMAIN_NAME',
    ]);
    const version = await fetch(env.OS_AUTH_URL!);
    expect(version.status).toBeLessThan(400);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  test('a port in use ends with exit 2 and "port N is in use", not a stack', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, [BIN, '--port', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(stderr).toContain(`port ${port} is in use`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(2);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  test('a port out of range is a usage error (exit 2)', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '70000'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(stderr).toContain('--port must be an integer 0..65535');
    expect(code).toBe(2);
  });

  test('prints TRACK_FLAVOR/IMAGE/NETWORK, and writes a clouds.yaml with member and admin and the admin env (0600)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'track-fake-cloud-'));
    const clouds = join(dir, 'clouds.yaml');
    const adminEnv = join(dir, 'admin-env.sh');
    const child = spawn(
      process.execPath,
      [BIN, '--port', '0', '--clouds-yaml', clouds, '--admin-env', adminEnv],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.startsWith('export TRACK_NETWORK=')) break;
    }
    expect(lines.filter((l) => l.startsWith('export TRACK_')).map((l) => l.split('=')[0])).toEqual([
      'export TRACK_FLAVOR',
      'export TRACK_IMAGE',
      'export TRACK_NETWORK',
    ]);
    expect(readFileSync(clouds, 'utf8')).toMatch(
      /^clouds:\n {2}member:\n[\s\S]+\n {2}admin:\n[\s\S]+username: "admin"/,
    );
    expect(statSync(clouds).mode & 0o777).toBe(0o600);
    expect(readFileSync(adminEnv, 'utf8')).toContain("export OS_USERNAME='admin'");
    expect(statSync(adminEnv).mode & 0o777).toBe(0o600);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

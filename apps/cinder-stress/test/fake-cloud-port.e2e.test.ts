import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { cleanEnv, runCli } from './cli-harness';

describe('fake-cloud --port', () => {
  test('a port in use ends with exit 2 and "port N is in use", not an EADDRINUSE stack', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const result = await runCli(['fake-cloud', '--port', String(port)], { env: cleanEnv() });
      expect(result.stderr).toContain(`cinder-stress: port ${port} is in use`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
      expect(result.code).toBe(2);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UndiciTransport } from './undici-transport';

/** The cert is made at test time: checking in a key, even a test one, is what scanners flag. */
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!hasOpenssl)('UndiciTransport over TLS (needs openssl on PATH to make a certificate)', () => {
  let dir = '';
  let server: Http2SecureServer;
  let origin = '';
  const versions: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'track-h2-'));
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem')],
        ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      ],
      { stdio: 'ignore' },
    );
    // A server that offers HTTP/2 through ALPN and accepts HTTP/1.1 too, as many API gateways do.
    server = createSecureServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'ca.pem')), allowHTTP1: true },
      (request, response) => {
        versions.push(request.httpVersion);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000); // an RSA key takes seconds on a loaded CI machine

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('speaks HTTP/1.1 to a server that offers HTTP/2, so `connections` stays the number of requests in flight', async () => {
    const transport = new UndiciTransport({ ca: readFileSync(join(dir, 'ca.pem')) });
    try {
      const response = await transport.request({ method: 'GET', url: `${origin}/`, headers: {} });
      expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
    } finally {
      await transport.close();
    }
    expect(versions).toEqual(['1.1']);
  });
});

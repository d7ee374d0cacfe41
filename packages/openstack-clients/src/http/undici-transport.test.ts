import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RequestTimeout } from '../errors';
import { UndiciTransport } from './undici-transport';

/** Loopback routes that answer too slowly in different ways; held responses are ended at teardown. */
const held = new Set<ServerResponse>();
let server: Server;
let origin: string;
const transport = new UndiciTransport();

beforeAll(async () => {
  server = createServer((request, response) => {
    held.add(response);
    response.on('close', () => held.delete(response));
    if (request.url === '/fast') {
      response.end('{"ok":true}');
    } else if (request.url === '/slow-headers') {
      // Headers never come within the test's timeout.
    } else if (request.url === '/stalled-body') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
    } else if (request.url === '/trickling-body') {
      // A chunk every 50 ms: each gap is far below the timeout, the whole body is not.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('x'), 50);
      response.on('close', () => clearInterval(timer));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await transport.close();
  for (const response of held) response.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('UndiciTransport request deadline', () => {
  test.each([
    ['headers that never come', '/slow-headers'],
    ['a body stalled after the headers', '/stalled-body'],
    ['a body that trickles in for longer than the timeout', '/trickling-body'],
  ])('a 200 ms timeout fires well within the 1 s timer granularity of undici on %s', async (_name, path) => {
    const started = performance.now();
    const error = await transport
      .request({ method: 'GET', url: `${origin}${path}`, headers: {}, timeoutMs: 200 })
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(RequestTimeout);
    expect(error).toMatchObject({ code: 'OPENSTACK_REQUEST_TIMEOUT', timeoutMs: 200, method: 'GET' });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(900);
  });

  test("the caller's own abort rejects with the caller's reason, not a RequestTimeout", async () => {
    const controller = new AbortController();
    const reason = new Error('run stopped');
    setTimeout(() => controller.abort(reason), 50);
    const error = await transport
      .request({
        method: 'GET',
        url: `${origin}/stalled-body`,
        headers: {},
        timeoutMs: 5_000,
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
  });

  test('a request that answers in time is unaffected by the deadline', async () => {
    const response = await transport.request({
      method: 'GET',
      url: `${origin}/fast`,
      headers: {},
      timeoutMs: 200,
      signal: new AbortController().signal,
    });
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
  });
});

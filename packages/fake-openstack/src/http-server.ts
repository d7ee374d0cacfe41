import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeRequest, FakeResponse } from './fake-request';
import { FakeCloudListenError } from './listen-error';

/** A fake cloud listening on HTTP. */
export interface ListeningFakeCloud {
  /** `http://host:port` */
  url: string;
  /** Keystone v3 URL, e.g. `http://127.0.0.1:5000/identity/v3`. */
  authUrl: string;
  port: number;
  host: string;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * Serves `handle` on plain `node:http`; rejects with a {@link FakeCloudListenError} when it cannot
 * listen (`FAKE_CLOUD_PORT_IN_USE` for a port another process holds) (the fastest server here: see the design notes' transport
 * table). Connection faults are honoured: `reset` destroys the socket, `hang` never answers.
 */
export async function listenHttp(
  handle: (request: FakeRequest) => Promise<FakeResponse>,
  options: { port?: number; host?: string },
): Promise<ListeningFakeCloud> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void answer(req, res, chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.keepAliveTimeout = 30_000;

  async function answer(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const hostHeader = req.headers.host ?? `${host}:${(server.address() as AddressInfo).port}`;
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      headers: req.headers as Record<string, string | undefined>,
      body,
      origin: `http://${hostHeader}`,
    };
    let response: FakeResponse;
    try {
      response = await handle(request);
    } catch {
      response = {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: '{"computeFault":{"code":500,"message":"Unexpected error."}}',
      };
    }
    if (response.connection === 'reset') {
      req.socket.destroy();
      return;
    }
    if (response.connection === 'hang') return;
    response.headers['content-length'] = String(Buffer.byteLength(response.body));
    res.writeHead(response.status, response.headers);
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  const requestedPort = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: unknown) => reject(new FakeCloudListenError(requestedPort, host, error));
    server.once('error', onError);
    server.listen(requestedPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${port}`;
  return {
    url,
    authUrl: `${url}/identity/v3`,
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

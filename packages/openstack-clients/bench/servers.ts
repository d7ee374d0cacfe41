/**
 * Servers for the bench, each in its own process so that the load generator and the server get a
 * core each: `bare` (a bare node:http JSON endpoint) or `fake` (the fake cloud on loopback HTTP).
 * Prints one JSON line: { url, path, headers, credentials?, volumeId? }.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeCloud } from '@track/fake-openstack';

const kind = process.argv[2];
if (kind === 'bare') {
  // The same bytes the fake answers for GET volume (body and headers), served with no work at all:
  // the baseline isolates what the fake's handling costs.
  const fake = new FakeCloud({ timeScale: 0 });
  const origin = 'http://127.0.0.1';
  const c = fake.credentialsAt(origin);
  const auth = await fake.exchange({
    method: 'POST',
    url: `${origin}/identity/v3/auth/tokens`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: c.username, domain: { name: 'Default' }, password: c.password } },
        },
        scope: { project: { name: c.projectName, domain: { name: 'Default' } } },
      },
    }),
  });
  const token = auth.headers['x-subject-token']!;
  const base = `${origin}/volume/v3/${fake.projectId}/volumes`;
  const created = JSON.parse(
    (
      await fake.exchange({
        method: 'POST',
        url: base,
        headers: { 'x-auth-token': token },
        body: '{"volume":{"size":1}}',
      })
    ).body,
  );
  await fake.exchange({
    method: 'GET',
    url: `${base}/${created.volume.id}`,
    headers: { 'x-auth-token': token },
  });
  const sample = await fake.exchange({
    method: 'GET',
    url: `${base}/${created.volume.id}`,
    headers: { 'x-auth-token': token },
  });
  const headers = { ...sample.headers, 'content-length': String(Buffer.byteLength(sample.body)) };
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(sample.body);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(
      `${JSON.stringify({ url: `http://127.0.0.1:${port}`, path: '/volume/v3/p/volumes/v', headers: {} })}\n`,
    );
  });
} else {
  const fake = new FakeCloud({ timeScale: 0 });
  const listening = await fake.listen({ port: 0 });
  const credentials = fake.credentialsAt(listening.url);
  const auth = await fetch(`${listening.url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: credentials.username, domain: { name: 'Default' }, password: credentials.password },
          },
        },
        scope: { project: { name: credentials.projectName, domain: { name: 'Default' } } },
      },
    }),
  });
  const token = auth.headers.get('x-subject-token')!;
  const base = `/volume/v3/${fake.projectId}`;
  const created = await fetch(`${listening.url}${base}/volumes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    body: JSON.stringify({ volume: { size: 1, name: 'bench' } }),
  });
  const volumeId = ((await created.json()) as { volume: { id: string } }).volume.id;
  process.stdout.write(
    `${JSON.stringify({ url: listening.url, path: `${base}/volumes/${volumeId}`, headers: { 'x-auth-token': token }, credentials, volumeId })}\n`,
  );
}
process.on('SIGTERM', () => process.exit(0));

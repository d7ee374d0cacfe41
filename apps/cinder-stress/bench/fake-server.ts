/** A fake cloud on loopback HTTP in its own process, for the loopback bench. Prints one JSON line. */
import { FakeCloud } from '@track/fake-openstack';

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
const base = `${listening.url}/volume/v3/${fake.projectId}`;
const created = await fetch(`${base}/volumes`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-auth-token': token },
  body: JSON.stringify({ volume: { size: 1, name: 'bench' } }),
});
const volumeId = ((await created.json()) as { volume: { id: string } }).volume.id;
process.stdout.write(
  `${JSON.stringify({ url: listening.url, credentials, token, base: `/volume/v3/${fake.projectId}`, path: `/volume/v3/${fake.projectId}/volumes/${volumeId}`, volumeId })}\n`,
);
process.on('SIGTERM', () => void listening.close().then(() => process.exit(0)));

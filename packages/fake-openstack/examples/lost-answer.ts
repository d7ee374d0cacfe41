/**
 * Runnable example: the fake on loopback HTTP, reached with plain `fetch` as any OpenStack tool
 * would, and a create whose answer is lost although the volume exists.
 * Run: `node --import tsx examples/lost-answer.ts` in this package.
 */
import { FakeCloud, FaultPresets, osEnvironment } from '../src/index';

const fake = new FakeCloud({ seed: 7, timeScale: 0.01 }); // OpenStack-like delays, 100x faster
const listening = await fake.listen({ port: 0 });
const env = osEnvironment(fake.credentialsAt(listening.url));
console.info(`OS_AUTH_URL=${env.OS_AUTH_URL}`);

// Keystone v3 password auth, exactly as a real client sends it.
const auth = await fetch(`${env.OS_AUTH_URL}/auth/tokens`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: env.OS_USERNAME, domain: { name: 'Default' }, password: env.OS_PASSWORD } },
      },
      scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: 'Default' } } },
    },
  }),
});
const token = auth.headers.get('x-subject-token')!;
const volumes = `${listening.url}/volume/v3/${fake.projectId}/volumes`;
const headers = { 'x-auth-token': token, 'content-type': 'application/json' };

const created = await fetch(volumes, {
  method: 'POST',
  headers,
  body: '{"volume":{"size":1,"name":"first"}}',
});
const { volume } = (await created.json()) as { volume: { status: string } };
console.info(`create first: ${created.status} ${volume.status}`);

// The next create takes effect, then the connection is reset instead of answering.
fake.faults.add({ ...FaultPresets.createResponseLost('POST /volumes'), times: 1 });
const lost = await fetch(volumes, {
  method: 'POST',
  headers,
  body: '{"volume":{"size":1,"name":"second"}}',
}).catch((error: Error) => error);
console.info(
  `create second: ${lost instanceof Error ? `${lost.message} (${(lost.cause as { code?: string }).code})` : lost.status}`,
);

fake.settle();
console.info(
  'volumes on the cloud:',
  fake
    .resources()
    .volumes.map((v) => `${v.name} ${v.status}`)
    .join(', '),
);
console.info('counters:', JSON.stringify(fake.counters()));
await fake.close();

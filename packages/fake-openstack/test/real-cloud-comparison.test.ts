import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeCloud } from '../src/fake-cloud';
import type { ListeningFakeCloud } from '../src/http-server';

// Field by field, read-only (GET requests only), the fake against a real Zed cloud on loopback:
// the member's settings of scripts/real-openstack (`env.sh` of its state directory, or the file
// TRACK_REAL_OPENSTACK_ENV names). Skipped, saying so, when no such cloud answers.
const ENV_FILE = process.env.TRACK_REAL_OPENSTACK_ENV ?? '/var/lib/track-openstack/env.sh';

function readEnv(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return env;
}

async function reachable(env: Record<string, string> | undefined): Promise<boolean> {
  if (!env?.OS_AUTH_URL) return false;
  try {
    return (await fetch(env.OS_AUTH_URL, { signal: AbortSignal.timeout(3000) })).status < 500;
  } catch {
    return false;
  }
}

const realEnv = existsSync(ENV_FILE) ? readEnv(ENV_FILE) : undefined;
const realUp = await reachable(realEnv);

/** A cloud reached over HTTP with a member token: its volume endpoint and a GET helper. */
interface Cloud {
  volume: string;
  get(
    url: string,
    version?: string,
    accept?: string,
  ): Promise<{ status: number; headers: Headers; json: any }>;
}

async function connect(env: Record<string, string>): Promise<Cloud> {
  const base = env.OS_AUTH_URL!.replace(/\/$/, '');
  const auth = await fetch(`${base}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: env.OS_USERNAME,
              domain: { name: env.OS_USER_DOMAIN_NAME ?? 'Default' },
              password: env.OS_PASSWORD,
            },
          },
        },
        scope: {
          project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME ?? 'Default' } },
        },
      },
    }),
  });
  const token = auth.headers.get('x-subject-token')!;
  const catalog = ((await auth.json()) as { token: { catalog: unknown } }).token.catalog as {
    type: string;
    endpoints: { interface: string; url: string }[];
  }[];
  const volume = catalog
    .find((e) => e.type === 'volumev3')!
    .endpoints.find((e) => e.interface === 'public')!.url;
  return {
    volume,
    async get(url, version = '3.0', accept = 'application/json') {
      const response = await fetch(url, {
        headers: { 'x-auth-token': token, accept, 'openstack-api-version': `volume ${version}` },
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json };
    },
  };
}

/** The shape of an answer: status, the headers that matter, and the key paths of the body (values left out). */
function shape(answer: { status: number; headers: Headers; json: any }): Record<string, unknown> {
  const keys = (value: unknown, prefix: string, out: Set<string>) => {
    if (Array.isArray(value)) {
      if (value.length > 0) keys(value[0], `${prefix}[]`, out);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      // Per-type quota keys depend on the cloud's volume types; their pattern is compared.
      const key = k
        .replace(/___?.+$/, '_<type>')
        .replace(/^(volumes|gigabytes|snapshots)_(?!<type>).+$/, '$1_<type>');
      out.add(`${prefix}.${key}`);
      keys(v, `${prefix}.${key}`, out);
    }
  };
  const paths = new Set<string>();
  keys(answer.json, '', paths);
  return {
    status: answer.status,
    'content-type': answer.headers.get('content-type'),
    'openstack-api-version': answer.headers.get('openstack-api-version') !== null,
    vary: answer.headers.get('vary'),
    body: [...paths].sort(),
  };
}

describe.skipIf(!realUp)(
  `the fake against a real Zed Cinder, read-only ${realUp ? '' : `(no real cloud answers at ${ENV_FILE})`}`,
  () => {
    let real: Cloud;
    let fake: Cloud;
    let listening: ListeningFakeCloud;
    beforeAll(async () => {
      real = await connect(realEnv!);
      const cloud = new FakeCloud({ timeScale: 0 });
      listening = await cloud.listen();
      const credentials = cloud.credentialsAt(listening.url);
      fake = await connect({
        OS_AUTH_URL: credentials.authUrl,
        OS_USERNAME: credentials.username,
        OS_PASSWORD: credentials.password,
        OS_PROJECT_NAME: credentials.projectName,
      });
    }, 60_000);
    afterAll(async () => {
      await listening?.close();
    });

    const root = (volume: string) => volume.replace(/\/v3\/[^/]+$/, '');
    const project = (volume: string) => volume.split('/').pop()!;
    const cases: [string, (c: Cloud) => Promise<{ status: number; headers: Headers; json: any }>][] = [
      ['GET / (versions)', (c) => c.get(`${root(c.volume)}/`)],
      ['GET /v3/ (version)', (c) => c.get(`${root(c.volume)}/v3/`)],
      ['GET /types', (c) => c.get(`${c.volume}/types`)],
      ['GET /limits', (c) => c.get(`${c.volume}/limits`)],
      ['GET /os-quota-sets/{project}', (c) => c.get(`${c.volume}/os-quota-sets/${project(c.volume)}`)],
      [
        'GET /os-quota-sets/{project}?usage=true',
        (c) => c.get(`${c.volume}/os-quota-sets/${project(c.volume)}?usage=true`),
      ],
      [
        'GET /os-quota-sets/{project}/defaults',
        (c) => c.get(`${c.volume}/os-quota-sets/${project(c.volume)}/defaults`),
      ],
      [
        'GET /volumes/{unknown} at 3.70',
        (c) => c.get(`${c.volume}/volumes/00000000-0000-0000-0000-000000000000`, '3.70'),
      ],
      ['GET /volumes at 3.99', (c) => c.get(`${c.volume}/volumes`, '3.99')],
      ['GET /volumes at abc', (c) => c.get(`${c.volume}/volumes`, 'abc')],
      ['GET /nonexistent (html)', (c) => c.get(`${c.volume}/nonexistent`, '3.0', '*/*')],
      ['GET /backups/detail', (c) => c.get(`${c.volume}/backups/detail`)],
      ['GET /os-volume-transfer/detail', (c) => c.get(`${c.volume}/os-volume-transfer/detail`)],
    ];

    test.each(cases)(
      '%s answers with the same shape',
      async (_name, request) => {
        expect(shape(await request(fake))).toEqual(shape(await request(real)));
      },
      60_000,
    );
  },
);

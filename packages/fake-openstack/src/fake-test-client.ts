import type { FakeCloud, FakeCloudCredentials } from './fake-cloud';
import type { InProcessRequest, InProcessResponse } from './in-process';

/** Whatever answers requests: a fake's `exchange`, or a wrapper of it. */
export type Exchange = (request: InProcessRequest) => Promise<InProcessResponse>;

/** A raw-JSON driver for tests of the fake itself: authenticates once, then sends requests by path. */
export class RawOpenStack {
  readonly #exchange: Exchange;
  readonly #origin: string;
  token = '';
  projectId = '';

  constructor(exchange: Exchange, origin: string) {
    this.#exchange = exchange;
    this.#origin = origin;
  }

  /** Authenticates `credentials` with a project-scoped password token. */
  static async connect(
    fake: FakeCloud,
    credentials: FakeCloudCredentials = fake.credentials,
    exchange: Exchange = (request) => fake.exchange(request),
  ): Promise<RawOpenStack> {
    const origin = credentials.authUrl.replace(/\/identity\/v3$/, '');
    const raw = new RawOpenStack(exchange, origin);
    const response = await raw.send('POST', '/identity/v3/auth/tokens', passwordAuth(credentials), {
      token: false,
    });
    if (response.status !== 201) throw new Error(`auth failed: ${response.status} ${response.body}`);
    raw.token = response.headers['x-subject-token']!;
    raw.projectId = (JSON.parse(response.body) as { token: { project: { id: string } } }).token.project.id;
    return raw;
  }

  /** Sends a request; `path` is absolute on the fake (`/volume/v3/...`) or Cinder-relative (`cinder:/volumes`). */
  async send(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD',
    path: string,
    body?: unknown,
    options: { token?: boolean; headers?: Record<string, string> } = {},
  ): Promise<InProcessResponse & { json: any }> {
    const resolved = path
      .replace(/^cinder:/, `/volume/v3/${this.projectId}`)
      .replace(/^nova:/, '/compute/v2.1')
      .replace(/^neutron:/, '/networking/v2.0');
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== false) headers['x-auth-token'] = this.token;
    const response = await this.#exchange({
      method,
      url: `${this.#origin}${resolved}`,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    let parsed: unknown;
    try {
      parsed = response.body === '' ? undefined : JSON.parse(response.body);
    } catch {
      parsed = undefined;
    }
    return { ...response, json: parsed };
  }

  /** GETs `path` until `done(json)` holds, at most `tries` times. */
  async poll(path: string, done: (json: any, status: number) => boolean, tries = 50): Promise<any> {
    for (let i = 0; i < tries; i++) {
      const response = await this.send('GET', path);
      if (done(response.json, response.status)) return response.json;
    }
    throw new Error(`condition on ${path} not reached after ${tries} polls`);
  }
}

/** A password auth body for `credentials`. */
export function passwordAuth(credentials: FakeCloudCredentials): unknown {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: credentials.username,
            domain: { name: credentials.userDomainName },
            password: credentials.password,
          },
        },
      },
      scope: { project: { name: credentials.projectName, domain: { name: credentials.projectDomainName } } },
    },
  };
}

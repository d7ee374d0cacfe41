import { existsSync, readFileSync } from 'node:fs';
import { passwordAuth as credentialsAuth } from '../../src/fake-test-client';
import type { Answer } from './answer-shape';

/** `export NAME=value` lines of an env file (scripts/real-openstack's env.sh) as a record. */
export function readEnvFile(file: string): Record<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** Whether the Keystone of `env` answers at all (within 3 s). */
export async function reachable(env: Record<string, string> | undefined): Promise<boolean> {
  if (!env?.OS_AUTH_URL) return false;
  try {
    return (await fetch(env.OS_AUTH_URL, { signal: AbortSignal.timeout(3000) })).status < 500;
  } catch {
    return false;
  }
}

/** The services a session calls, by catalog type. */
export type ServiceType = 'identity' | 'volumev3' | 'compute' | 'image' | 'network';

/** One request of the comparison, sent the same way to both clouds. */
export interface CompareRequest {
  method?: string;
  /** Path under the service's catalog URL (`/volumes`), or an absolute URL. */
  path: string;
  body?: unknown;
  /** Microversion for Cinder (`3.70`) or Nova (`2.93`). */
  version?: string;
  headers?: Record<string, string>;
  /** Send no token (or this one instead of the session's). */
  token?: string | null;
}

/** A recorded request/response pair. */
export interface Exchange {
  name: string;
  answer: Answer;
}

/**
 * Password authentication body for `env`'s user and project (the fake's own body, from `env`'s
 * OS_* variables); fails naming a variable `env` lacks.
 */
export function passwordAuth(env: Record<string, string>, password = env.OS_PASSWORD): unknown {
  const required = (name: string, value = env[name]): string => {
    if (value === undefined) throw new Error(`passwordAuth: the environment has no ${name}; set it.`);
    return value;
  };
  return credentialsAuth({
    authUrl: env.OS_AUTH_URL ?? '',
    username: required('OS_USERNAME'),
    password: required('OS_PASSWORD', password),
    projectName: required('OS_PROJECT_NAME'),
    userDomainName: env.OS_USER_DOMAIN_NAME ?? 'Default',
    projectDomainName: env.OS_PROJECT_DOMAIN_NAME ?? 'Default',
    regionName: env.OS_REGION_NAME ?? '',
  });
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/**
 * A user's session on one cloud: a project-scoped token, the catalog's public endpoints, and
 * `call`, which sends a request and records it under a name (the exchanges of both clouds are paired
 * by name), and `get`, which sends without recording (polls, clean-up).
 */
export class CloudSession {
  readonly exchanges: Exchange[] = [];
  readonly endpoints: Partial<Record<ServiceType, string>> = {};
  projectId = '';
  userId = '';
  #token = '';

  /** The session's token (sent as `X-Subject-Token` when Keystone validates it; never logged). */
  get token(): string {
    return this.#token;
  }

  private constructor(readonly env: Record<string, string>) {}

  /** Authenticates `env`'s user; the issue exchange is recorded as `name` when given. */
  static async open(env: Record<string, string>, name?: string): Promise<CloudSession> {
    const session = new CloudSession(env);
    const base = env.OS_AUTH_URL!.replace(/\/$/, '');
    const answer = await send(`${base}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(passwordAuth(env)),
    });
    if (answer.status !== 201) throw new Error(`${base}: authentication answered ${answer.status}`);
    if (name !== undefined) session.exchanges.push({ name, answer });
    session.#token = answer.headers.get('x-subject-token')!;
    const token = (answer.json as { token: any }).token;
    session.projectId = token.project.id;
    session.userId = token.user.id;
    session.endpoints.identity = base;
    for (const entry of token.catalog as {
      type: string;
      endpoints: { interface: string; url: string }[];
    }[]) {
      const url = entry.endpoints.find((e) => e.interface === 'public')?.url;
      if (url !== undefined && ['volumev3', 'compute', 'image', 'network'].includes(entry.type))
        session.endpoints[entry.type as ServiceType] = url.replace(/\/$/, '');
    }
    return session;
  }

  /** The absolute URL of `path` on `service`. */
  url(service: ServiceType, path: string): string {
    if (/^https?:/.test(path)) return path;
    const base = this.endpoints[service];
    if (base === undefined) throw new Error(`no ${service} endpoint in the catalog`);
    return `${base}${path}`;
  }

  /** Sends `request` to `service` without recording it. */
  async get(service: ServiceType, request: CompareRequest): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    const token = request.token === undefined ? this.#token : request.token;
    if (token !== null) headers['x-auth-token'] = token;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.version !== undefined) {
      const name = service === 'compute' ? 'compute' : 'volume';
      headers['openstack-api-version'] = `${name} ${request.version}`;
    }
    return send(this.url(service, request.path), {
      method: request.method ?? 'GET',
      headers,
      ...(request.body === undefined
        ? {}
        : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
    });
  }

  /** Sends `request` and records the exchange as `name`. */
  async call(name: string, service: ServiceType, request: CompareRequest): Promise<Answer> {
    const answer = await this.get(service, request);
    this.exchanges.push({ name, answer });
    return answer;
  }

  /** Polls `path` until `done` holds for its JSON body (or its status); throws after `timeoutMs`. */
  async waitFor(
    service: ServiceType,
    request: CompareRequest,
    done: (answer: Answer) => boolean,
    what: string,
    timeoutMs = 120_000,
  ): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.get(service, request);
      if (done(answer)) return answer;
      if (Date.now() > deadline)
        throw new Error(
          `${what}: not done after ${timeoutMs} ms (last ${answer.status} ${answer.text.slice(0, 200)})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

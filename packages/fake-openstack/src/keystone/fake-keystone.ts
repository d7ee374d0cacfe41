import { randomBytes } from 'node:crypto';
import { type FakeContext, FakeHttpError, keystoneTime, newKeystoneId, parseJsonBody } from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import { RouteTable } from '../route-table';
import { addIdentityAdminRoutes, type KeystoneHandler, roleId } from './admin-routes';
import { stableId } from './stable-id';

/** A Keystone project of the fake. */
export interface FakeProject {
  id: string;
  name: string;
  domainId: string;
  /** `''` when unset. */
  description?: string;
}

/** A Keystone user of the fake. */
export interface FakeUser {
  id: string;
  name: string;
  domainId: string;
  password: string;
  /** project id -> role names */
  roles: Map<string, string[]>;
  /** The project it was created with (`default_project_id`), when one was given. */
  defaultProjectId?: string;
}

/** An application credential of the fake. */
export interface FakeApplicationCredential {
  id: string;
  name: string;
  secret: string;
  userId: string;
  projectId: string;
}

/** An issued token. */
export interface FakeToken {
  id: string;
  user: FakeUser;
  project?: FakeProject;
  roles: string[];
  methods: string[];
  issuedAt: number;
  expiresAt: number;
  auditId: string;
  applicationCredential?: FakeApplicationCredential;
}

const DOMAINS = [{ id: 'default', name: 'Default' }];

/**
 * The fake Keystone v3: users, projects, application credentials, tokens and the catalog, and the
 * identity administration Rally's users context calls (projects, users, role assignments).
 */
export class FakeKeystone {
  readonly projects: FakeProject[];
  readonly users: FakeUser[];
  readonly applicationCredentials: FakeApplicationCredential[] = [];
  readonly #tokens = new Map<string, FakeToken>();
  readonly #context: FakeContext;
  readonly #ttlMs: number;
  readonly #regions: string[];
  readonly #routes = new RouteTable<KeystoneHandler>();
  /** Tokens issued so far (each re-authentication is one). */
  issued = 0;

  constructor(context: FakeContext, options: { password: string; ttlSeconds: number; regions: string[] }) {
    this.#context = context;
    this.#ttlMs = options.ttlSeconds * 1000;
    this.#regions = options.regions;
    const demo: FakeProject = { id: newKeystoneId(), name: 'demo', domainId: 'default' };
    const admin: FakeProject = {
      id: newKeystoneId(),
      name: 'admin',
      domainId: 'default',
      description: 'Bootstrap project for initializing the cloud.',
    };
    this.projects = [demo, admin];
    this.users = [
      {
        id: newKeystoneId(),
        name: 'demo',
        domainId: 'default',
        password: options.password,
        roles: new Map([[demo.id, ['member', 'reader']]]),
      },
      {
        id: newKeystoneId(),
        name: 'admin',
        domainId: 'default',
        password: `${options.password}-admin`,
        roles: new Map([
          [admin.id, ['admin', 'member', 'reader']],
          [demo.id, ['admin', 'member', 'reader']],
        ]),
      },
    ];
    this.applicationCredentials.push({
      id: newKeystoneId(),
      name: 'track-stress',
      secret: randomBytes(24).toString('base64url'),
      userId: this.users[0]!.id,
      projectId: demo.id,
    });
    this.#routes
      .add('POST', '/v3/auth/tokens', (req, origin) => this.#issue(req, origin))
      .add('GET', '/v3/auth/tokens', (req, origin) => this.#check(req, origin, true))
      .add('HEAD', '/v3/auth/tokens', (req, origin) => this.#check(req, origin, false))
      .add('DELETE', '/v3/auth/tokens', (req, origin) => this.#revoke(req, origin))
      .add('GET', '/v3', (_req, origin) => json(200, { version: versionDoc(origin) }))
      .add('GET', '/', (_req, origin) => json(300, { versions: { values: [versionDoc(origin)] } }));
    addIdentityAdminRoutes(this.#routes, {
      projects: this.projects,
      users: this.users,
      domains: DOMAINS,
      roleNames: ['admin', 'member', 'reader'],
      validate: (id) => this.validate(id),
    });
  }

  /** The default project (`demo`). */
  get defaultProject(): FakeProject {
    return this.projects[0]!;
  }

  /** The admin project (`admin`), which owns the cloud's shared resources (external network, images). */
  get adminProject(): FakeProject {
    return this.projects[1]!;
  }

  /** The default user (`demo`, member of `demo`). */
  get defaultUser(): FakeUser {
    return this.users[0]!;
  }

  /** The admin user (admin role on `admin` and `demo`). */
  get adminUser(): FakeUser {
    return this.users[1]!;
  }

  /** Number of tokens currently valid. */
  get liveTokens(): number {
    return this.#tokens.size;
  }

  /** Handles a request under `/identity`; `segments` are the path segments after it. */
  handle(req: FakeRequest, segments: string[]): FakeResponse {
    const match = this.#routes.match(req.method, segments);
    if (match === undefined) throw new FakeHttpError(404, 'Could not find the requested resource.');
    if (match === 'method-not-allowed')
      throw new FakeHttpError(405, 'The method is not allowed for the requested URL.');
    return match.handler(req, req.origin, match.params);
  }

  /** The token behind `id`, when it exists and has not expired. */
  validate(id: string | undefined): FakeToken | undefined {
    if (id === undefined) return undefined;
    const token = this.#tokens.get(id);
    if (token === undefined) return undefined;
    if (token.expiresAt <= this.#context.now()) {
      this.#tokens.delete(id);
      return undefined;
    }
    return token;
  }

  /** Revokes every token (all clients must re-authenticate): the "expired token" fault. */
  expireAllTokens(): number {
    const count = this.#tokens.size;
    this.#tokens.clear();
    return count;
  }

  /** Sets every live token to expire `inMs` from now (early expiry). */
  expireTokensIn(inMs: number): void {
    const at = this.#context.now() + inMs;
    for (const token of this.#tokens.values()) token.expiresAt = Math.min(token.expiresAt, at);
  }

  /** The catalog for tokens issued at `origin`. */
  catalog(origin: string, projectId: string): unknown[] {
    const endpoints = (url: string) =>
      this.#regions.flatMap((region) =>
        (['public', 'internal', 'admin'] as const).map((iface) => ({
          id: newKeystoneId(),
          interface: iface,
          region,
          region_id: region,
          url,
        })),
      );
    const volumeUrl = `${origin}/volume/v3/${projectId}`;
    return [
      {
        id: serviceId('keystone'),
        name: 'keystone',
        type: 'identity',
        endpoints: endpoints(`${origin}/identity`),
      },
      { id: serviceId('cinder'), name: 'cinder', type: 'block-storage', endpoints: endpoints(volumeUrl) },
      { id: serviceId('cinderv3'), name: 'cinderv3', type: 'volumev3', endpoints: endpoints(volumeUrl) },
      {
        id: serviceId('nova'),
        name: 'nova',
        type: 'compute',
        endpoints: endpoints(`${origin}/compute/v2.1`),
      },
      {
        id: serviceId('neutron'),
        name: 'neutron',
        type: 'network',
        endpoints: endpoints(`${origin}/networking`),
      },
      { id: serviceId('glance'), name: 'glance', type: 'image', endpoints: endpoints(`${origin}/image`) },
    ];
  }

  #issue(req: FakeRequest, origin: string): FakeResponse {
    const body = parseJsonBody(req.body);
    const auth = objectAt(body, 'auth', 'Expecting to find auth in request body.');
    const identity = objectAt(auth, 'identity', 'Expecting to find identity in auth.');
    const methods = identity.methods;
    if (!Array.isArray(methods) || methods.length === 0) {
      throw validationError('Expecting to find methods in identity.');
    }
    let user: FakeUser;
    let project: FakeProject | undefined;
    let applicationCredential: FakeApplicationCredential | undefined;
    if (methods.includes('application_credential')) {
      const cred = objectAt(
        identity,
        'application_credential',
        'Expecting to find application_credential in identity.',
      );
      applicationCredential = this.#findApplicationCredential(cred);
      if (auth.scope !== undefined) {
        throw new FakeHttpError(401, 'Application credentials cannot request a scope.');
      }
      user = this.users.find((u) => u.id === applicationCredential!.userId)!;
      project = this.projects.find((p) => p.id === applicationCredential!.projectId);
    } else if (methods.includes('password')) {
      const password = objectAt(identity, 'password', 'Expecting to find password in identity.');
      const userRef = objectAt(password, 'user', 'Expecting to find user in password.');
      user = this.#findUser(userRef);
      if (typeof userRef.password !== 'string' || userRef.password !== user.password) {
        throw new FakeHttpError(401, 'The request you have made requires authentication.');
      }
      if (auth.scope !== undefined) project = this.#findScope(auth.scope);
    } else {
      throw new FakeHttpError(401, `Unsupported authentication method: ${String(methods[0])}.`);
    }
    let roles: string[] = [];
    if (project !== undefined) {
      roles = user.roles.get(project.id) ?? [];
      if (roles.length === 0)
        throw new FakeHttpError(401, 'The request you have made requires authentication.');
    }
    const now = this.#context.now();
    const token: FakeToken = {
      id: `gAAAAA${randomBytes(48).toString('base64url')}`,
      user,
      project,
      roles,
      methods: applicationCredential ? ['application_credential'] : ['password'],
      issuedAt: now,
      expiresAt: now + this.#ttlMs,
      auditId: randomBytes(16).toString('base64url').slice(0, 22),
      applicationCredential,
    };
    this.#tokens.set(token.id, token);
    this.issued++;
    const withCatalog = !req.query.has('nocatalog');
    return json(201, { token: this.#tokenBody(token, origin, withCatalog) }, { 'x-subject-token': token.id });
  }

  #check(req: FakeRequest, origin: string, withBody: boolean): FakeResponse {
    if (this.validate(req.headers['x-auth-token']) === undefined) {
      throw new FakeHttpError(401, 'The request you have made requires authentication.');
    }
    const subjectId = req.headers['x-subject-token'];
    const subject = this.validate(subjectId);
    if (subject === undefined)
      // A token Keystone never issued does not decrypt: its Fernet provider says so.
      throw new FakeHttpError(
        404,
        subjectId !== undefined && this.#tokens.has(subjectId)
          ? 'Could not find token.'
          : 'Could not recognize Fernet token',
      );
    if (!withBody) return empty(200, { 'x-subject-token': subject.id });
    return json(
      200,
      { token: this.#tokenBody(subject, origin, !req.query.has('nocatalog')) },
      { 'x-subject-token': subject.id },
    );
  }

  #revoke(req: FakeRequest, _origin: string): FakeResponse {
    if (this.validate(req.headers['x-auth-token']) === undefined) {
      throw new FakeHttpError(401, 'The request you have made requires authentication.');
    }
    const subjectId = req.headers['x-subject-token'];
    if (subjectId === undefined || this.validate(subjectId) === undefined)
      throw new FakeHttpError(404, 'Could not find token.');
    this.#tokens.delete(subjectId);
    return empty(204);
  }

  #tokenBody(token: FakeToken, origin: string, withCatalog: boolean): Record<string, unknown> {
    const domain = (id: string) => DOMAINS.find((d) => d.id === id) ?? { id, name: id };
    const body: Record<string, unknown> = {
      methods: token.methods,
      user: {
        id: token.user.id,
        name: token.user.name,
        domain: domain(token.user.domainId),
        password_expires_at: null,
      },
      audit_ids: [token.auditId],
      expires_at: keystoneTime(token.expiresAt),
      issued_at: keystoneTime(token.issuedAt),
    };
    if (token.project !== undefined) {
      body.project = {
        id: token.project.id,
        name: token.project.name,
        domain: domain(token.project.domainId),
      };
      body.is_domain = false;
      body.roles = token.roles.map((name) => ({ id: roleId(name), name }));
      if (withCatalog) body.catalog = this.catalog(origin, token.project.id);
    }
    if (token.applicationCredential !== undefined) {
      const { id, name } = token.applicationCredential;
      body.application_credential = { id, name, restricted: true };
    }
    return body;
  }

  #findUser(ref: Record<string, unknown>): FakeUser {
    if (typeof ref.id === 'string') {
      const user = this.users.find((u) => u.id === ref.id);
      if (!user) throw new FakeHttpError(401, 'The request you have made requires authentication.');
      return user;
    }
    if (typeof ref.name !== 'string') throw validationError('Expecting to find id or name in user.');
    const domainId = this.#domainIdOf(ref.domain, 'user');
    const user = this.users.find((u) => u.name === ref.name && u.domainId === domainId);
    if (!user) throw new FakeHttpError(401, 'The request you have made requires authentication.');
    return user;
  }

  #findScope(scope: unknown): FakeProject {
    if (scope === null || typeof scope !== 'object')
      throw new FakeHttpError(400, 'Expecting scope to be an object.');
    const projectRef = (scope as Record<string, unknown>).project;
    if (projectRef === null || typeof projectRef !== 'object') {
      throw new FakeHttpError(400, 'The fake cloud supports project scope only; give scope.project.');
    }
    const ref = projectRef as Record<string, unknown>;
    let project: FakeProject | undefined;
    if (typeof ref.id === 'string') {
      project = this.projects.find((p) => p.id === ref.id);
    } else if (typeof ref.name === 'string') {
      const domainId = this.#domainIdOf(ref.domain, 'project');
      project = this.projects.find((p) => p.name === ref.name && p.domainId === domainId);
    } else {
      throw validationError('Expecting to find id or name in project.');
    }
    if (!project) throw new FakeHttpError(401, 'The request you have made requires authentication.');
    return project;
  }

  #domainIdOf(domainRef: unknown, what: string): string {
    if (domainRef === null || typeof domainRef !== 'object') {
      throw validationError(`Expecting to find domain in ${what}.`);
    }
    const ref = domainRef as Record<string, unknown>;
    if (typeof ref.id === 'string') return ref.id;
    if (typeof ref.name === 'string') {
      const domain = DOMAINS.find((d) => d.name === ref.name);
      if (!domain) throw new FakeHttpError(401, 'The request you have made requires authentication.');
      return domain.id;
    }
    throw validationError(`Expecting to find id or name in ${what} domain.`);
  }

  #findApplicationCredential(ref: Record<string, unknown>): FakeApplicationCredential {
    let cred: FakeApplicationCredential | undefined;
    if (typeof ref.id === 'string') {
      cred = this.applicationCredentials.find((c) => c.id === ref.id);
    } else if (typeof ref.name === 'string') {
      const userRef = objectAt(
        ref,
        'user',
        'Expecting to find user in application_credential when it is named.',
      );
      const user = this.#findUser(userRef);
      cred = this.applicationCredentials.find((c) => c.name === ref.name && c.userId === user.id);
    } else {
      throw validationError('Expecting to find id or name in application_credential.');
    }
    if (!cred || typeof ref.secret !== 'string' || ref.secret !== cred.secret) {
      throw new FakeHttpError(401, 'The request you have made requires authentication.');
    }
    return cred;
  }
}

/** A catalog service's id: 32 hex digits as Keystone's, fixed per service name. */
function serviceId(name: string): string {
  return stableId('service', name);
}

function objectAt(obj: Record<string, unknown>, key: string, message: string): Record<string, unknown> {
  const value = obj[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw validationError(message);
  return value as Record<string, unknown>;
}

/**
 * Keystone's `ValidationError` (400) for a missing attribute: `message` ("Expecting to find auth in
 * request body.") followed by the sentence Keystone adds to every validation error.
 */
function validationError(message: string): FakeHttpError {
  return new FakeHttpError(
    400,
    `${message} The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
  );
}

function versionDoc(origin: string): Record<string, unknown> {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${origin}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

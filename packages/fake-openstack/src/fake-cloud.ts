import { randomUUID } from 'node:crypto';
import { FakeCinder } from './cinder/fake-cinder';
import {
  DEFAULT_DELAYS,
  DEFAULT_QUOTAS,
  type FakeCloudOptions,
  type FakeDelays,
  type FakeOutcomes,
  type FakeQuotas,
} from './fake-cloud-options';
import { type FakeCloudResources, liveResources } from './fake-cloud-resources';
import { type FakeContext, FakeHttpError, serviceOfSegment } from './fake-context';
import { type FakeRequest, type FakeResponse, json, splitUrl } from './fake-request';
import { type FakeService, fault, ruleResponse, tokenRejected } from './fault-bodies';
import { type FaultHandle, type FaultRule, FaultRules } from './fault-rules';
import { FakeGlance } from './glance/fake-glance';
import { type ListeningFakeCloud, listenHttp } from './http-server';
import { type InProcessRequest, type InProcessResponse, socketError, untilAborted } from './in-process';
import { FakeKeystone, type FakeToken } from './keystone/fake-keystone';
import { FakeNeutron } from './neutron/fake-neutron';
import { FakeNova } from './nova/fake-nova';
import { osEnvironment } from './os-env';
import { Scheduler } from './scheduler';
import { SeededRandom } from './seeded-random';
import {
  addCinderVersionHeaders,
  addNovaVersionHeaders,
  addRequestHeaders,
  routerNotFound,
} from './service-answer-headers';
import type { ServiceRoutes } from './service-handler';
import { versionDocument } from './version-documents';

/** Password credentials of the fake's default user, shaped like OS_* settings. */
export interface FakeCloudCredentials {
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
  regionName: string;
}

/** Counters for assertions: calls per route and tokens issued. */
export interface FakeCloudCounters {
  requests: number;
  byRoute: Record<string, number>;
  tokensIssued: number;
  faultsInjected: number;
}

/**
 * A stateful fake OpenStack cloud (Keystone v3, Cinder v3, Nova v2.1, Neutron floating IPs), served
 * in-process through {@link FakeCloud.exchange} (no sockets) or on loopback HTTP through
 * {@link FakeCloud.listen}, from the same state. Resources move through OpenStack's status machines
 * with timed transitions (scaled by `timeScale`), preconditions and quotas are enforced, and faults
 * are injected from a seeded random source, so a seed replays the same run.
 */
export class FakeCloud {
  /** Fault rules; add presets from `FaultPresets` or your own `FaultRule`s. */
  readonly faults: { add(rule: FaultRule): FaultHandle; clear(): void };
  readonly #keystone: FakeKeystone;
  readonly #cinder: FakeCinder;
  readonly #nova: FakeNova;
  readonly #neutron: FakeNeutron;
  readonly #glance: FakeGlance;
  readonly #scheduler: Scheduler;
  readonly #rules: FaultRules;
  readonly #inProcessOrigin: string;
  readonly #servers = new Set<ListeningFakeCloud>();
  readonly #regions: string[];
  readonly #context: FakeContext;
  readonly #counters: FakeCloudCounters = { requests: 0, byRoute: {}, tokensIssued: 0, faultsInjected: 0 };
  #closed = false;

  constructor(options: FakeCloudOptions = {}) {
    const now = options.now ?? Date.now;
    const timeScale = options.timeScale ?? 0.01;
    if (!(timeScale >= 0)) throw new RangeError(`FakeCloud timeScale must be >= 0, got ${options.timeScale}`);
    const jitter = options.jitter ?? 0.2;
    const random = new SeededRandom(options.seed ?? 1);
    this.#scheduler = new Scheduler(now);
    this.#regions = options.regions ?? ['RegionOne'];
    const delays: FakeDelays = { ...DEFAULT_DELAYS, ...options.delays };
    const outcomes: FakeOutcomes = {
      volumeError: 0,
      volumeErrorDeleting: 0,
      snapshotError: 0,
      snapshotErrorDeleting: 0,
      serverError: 0,
      stuck: 0,
      ...options.outcomes,
    };
    const quotas: FakeQuotas = { ...DEFAULT_QUOTAS, ...options.quotas };
    const context: FakeContext = {
      now,
      random,
      scheduler: this.#scheduler,
      delays,
      outcomes,
      quotas,
      delay: (base) => {
        const scaled = base * timeScale;
        return scaled <= 0 ? 0 : scaled * (1 + jitter * (2 * random.next() - 1));
      },
    };
    this.#context = context;
    this.#keystone = new FakeKeystone(context, {
      password: options.password ?? 'fake-cloud-password',
      ttlSeconds: options.tokenTtlSeconds ?? 3600,
      regions: this.#regions,
    });
    this.#cinder = new FakeCinder(context);
    this.#neutron = new FakeNeutron(context, {
      projectId: this.#keystone.defaultProject.id,
      adminProjectId: this.#keystone.adminProject.id,
    });
    this.#nova = new FakeNova(context, this.#cinder, () =>
      this.#neutron.networks.filter((n) => !n.external).map((n) => n.id),
    );
    this.#glance = new FakeGlance(this.#nova.state.imageIds, this.#keystone.adminProject.id);
    this.#rules = new FaultRules(random, now);
    for (const rule of options.faults ?? []) this.#rules.add(rule);
    if (options.faultRate !== undefined && options.faultRate > 0) {
      this.#rules.add({ name: 'fault-rate', probability: options.faultRate, status: [500, 503] });
    }
    if (options.latencyMs !== undefined) {
      this.#rules.add({ name: 'latency', latencyMs: options.latencyMs, includeIdentity: true });
    }
    this.faults = { add: (rule) => this.#rules.add(rule), clear: () => this.#rules.clear() };
    this.#inProcessOrigin = options.inProcessOrigin ?? 'http://fake-cloud.invalid';
  }

  /** Password credentials of the default user and project, for in-process requests. */
  get credentials(): FakeCloudCredentials {
    return this.credentialsAt(this.#inProcessOrigin);
  }

  /**
   * The OS_* variables of {@link FakeCloud.credentials} (auth URL at the in-process origin): what
   * `Manager.fromFakeCloud` of `@track/openstack-clients` reads, as it reads any environment.
   */
  get environment(): Record<string, string> {
    return osEnvironment(this.credentials);
  }

  /** The same credentials with the auth URL at `origin` (e.g. a listening server's URL). */
  credentialsAt(origin: string): FakeCloudCredentials {
    const user = this.#keystone.defaultUser;
    return {
      authUrl: `${origin}/identity/v3`,
      username: user.name,
      password: user.password,
      projectName: this.#keystone.defaultProject.name,
      userDomainName: 'Default',
      projectDomainName: 'Default',
      regionName: this.#regions[0]!,
    };
  }

  /** Credentials of the admin user (admin role on the default project too). */
  get adminCredentials(): FakeCloudCredentials {
    return this.adminCredentialsAt(this.#inProcessOrigin);
  }

  /** The admin's credentials with the auth URL at `origin` (e.g. a listening server's URL). */
  adminCredentialsAt(origin: string): FakeCloudCredentials {
    return {
      ...this.credentialsAt(origin),
      username: this.#keystone.adminUser.name,
      password: this.#keystone.adminUser.password,
    };
  }

  /** The application credential of the default user: `{ id, name, secret }`. */
  get applicationCredential(): { id: string; name: string; secret: string } {
    const { id, name, secret } = this.#keystone.applicationCredentials[0]!;
    return { id, name, secret };
  }

  /** Ids the fake accepts in `createServer`: a flavor, an image and the private network. */
  get computeDefaults(): { flavorId: string; imageId: string; networkId: string; externalNetworkId: string } {
    return {
      flavorId: this.#nova.state.flavors[0]!.id,
      imageId: this.#nova.state.imageIds[0]!,
      networkId: this.#neutron.networks.find((n) => !n.external)!.id,
      externalNetworkId: this.#neutron.networks.find((n) => n.external)!.id,
    };
  }

  /** Id of the default project. */
  get projectId(): string {
    return this.#keystone.defaultProject.id;
  }

  /**
   * Answers one request in-process, without sockets. A dropped connection rejects with an `Error`
   * whose `code` is `ECONNRESET` (a closed fake: `ECONNREFUSED`); a hung one settles only when the
   * request's `signal` aborts, with its reason. `@track/openstack-clients`' `InProcessTransport` (and
   * `Manager.fromFakeCloud`) turn those into its typed errors, as for a real socket.
   */
  async exchange(request: InProcessRequest): Promise<InProcessResponse> {
    const { origin, path, query } = splitUrl(request.url);
    if (this.#closed) {
      throw socketError(
        'ECONNREFUSED',
        `connect ECONNREFUSED: the fake cloud is closed (${request.method} ${path})`,
      );
    }
    const response = await untilAborted(
      this.handle({
        method: request.method,
        path,
        query,
        headers: request.headers,
        body: request.body ?? '',
        origin,
      }),
      request.signal,
    );
    if (response.connection === 'reset') {
      throw socketError(
        'ECONNRESET',
        `read ECONNRESET: the fake cloud reset the connection on ${request.method} ${path}`,
      );
    }
    if (response.connection === 'hang') return untilAborted(new Promise<never>(() => {}), request.signal);
    return {
      status: response.status,
      headers: response.headers,
      body: request.method === 'HEAD' ? '' : response.body,
    };
  }

  /** Serves this fake on HTTP (default `127.0.0.1`, a free port). Close with the returned `close()`. */
  async listen(options: { port?: number; host?: string } = {}): Promise<ListeningFakeCloud> {
    this.#assertOpen();
    const listening = await listenHttp((request) => this.handle(request), options);
    this.#servers.add(listening);
    const close = listening.close;
    return {
      ...listening,
      close: async () => {
        this.#servers.delete(listening);
        await close();
      },
    };
  }

  /** Live resources (not gone), to prove no leaks. */
  resources(): FakeCloudResources {
    this.#scheduler.tick();
    return liveResources(this.#cinder.state, this.#nova.state, this.#neutron.floatingIps);
  }

  /** Runs every pending transition now (deletions complete, builds finish). */
  settle(): void {
    this.#scheduler.drain();
  }

  /** Counters since creation. */
  counters(): FakeCloudCounters {
    return { ...this.#counters, byRoute: { ...this.#counters.byRoute }, tokensIssued: this.#keystone.issued };
  }

  /** Revokes every issued token: the next call of every client gets a 401 and must re-authenticate. */
  expireTokens(): number {
    return this.#keystone.expireAllTokens();
  }

  /** Makes every live token expire `inMs` from now (early expiry). */
  expireTokensIn(inMs: number): void {
    this.#keystone.expireTokensIn(inMs);
  }

  /** Stops every HTTP server of this fake. Further requests are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#servers].map((s) => s.close()));
    this.#servers.clear();
  }

  /** Answers one request; used by both {@link FakeCloud.exchange} and the HTTP server. */
  async handle(request: FakeRequest): Promise<FakeResponse> {
    this.#scheduler.tick();
    this.#counters.requests++;
    const requestId = `req-${randomUUID()}`;
    const segments = request.path.split('/').filter(Boolean);
    const service = serviceOfSegment(segments[0]);
    let response: FakeResponse;
    if (service === undefined) {
      response = json(404, {
        error: { code: 404, title: 'Not Found', message: `No service at ${request.path}.` },
      });
    } else {
      try {
        response = await this.#dispatch(request, service, segments);
      } catch (error) {
        response = this.#errorResponse(service, error, request.origin);
      }
    }
    return addRequestHeaders(service, response, requestId);
  }

  async #dispatch(request: FakeRequest, service: FakeService, segments: string[]): Promise<FakeResponse> {
    if (service === 'identity') {
      const rest = segments.slice(1);
      const match = rest.length === 0 ? 'GET /' : `${request.method} /${rest.join('/')}`;
      const response = await this.#withFaults(service, request.method, match, async () => {
        if (match === 'POST /v3/auth/tokens') {
          // Keystone takes time to issue (or refuse) a token, like every other backend step.
          const issueMs = this.#context.delay(this.#context.delays.tokenIssue);
          if (issueMs > 0) await new Promise((resolve) => setTimeout(resolve, issueMs));
        }
        return this.#keystone.handle(request, rest);
      }).catch((error: unknown) => this.#errorResponse(service, error, request.origin));
      // Keystone varies every answer on the token.
      response.headers.vary = 'X-Auth-Token';
      return response;
    }
    const versionDoc = versionDocument(service, segments, request.origin, request.headers);
    if (versionDoc) return versionDoc;
    const token = this.#keystone.validate(request.headers['x-auth-token']);
    if (token === undefined || token.project === undefined)
      return tokenRejected(`${request.origin}/identity/v3`, service, request.headers.accept);

    if (service === 'block-storage') {
      // /volume/v3/{project_id}/...
      if (segments[1] !== 'v3') return routerNotFound(request);
      if (segments[2] !== token.project.id && !token.roles.includes('admin')) {
        throw new FakeHttpError(
          400,
          'Malformed request url: the project id in the URL does not match the token.',
        );
      }
      const { version, header } = this.#cinder.microversion(request);
      const response = await this.#route(
        this.#cinder.routes,
        service,
        request,
        segments.slice(3),
        token,
        version,
      );
      return response === undefined ? routerNotFound(request) : addCinderVersionHeaders(response, header);
    }
    if (service === 'compute') {
      if (segments[1] !== 'v2.1') return routerNotFound(request);
      const { version, header } = this.#nova.microversion(request);
      const response = await this.#route(
        this.#nova.routes,
        service,
        request,
        segments.slice(2),
        token,
        version,
      );
      return response === undefined ? routerNotFound(request) : addNovaVersionHeaders(response, header);
    }
    const routes = service === 'image' ? this.#glance.routes : this.#neutron.routes;
    const response = await this.#route(routes, service, request, segments.slice(1), token, 0);
    if (response !== undefined) return response;
    if (service === 'image') return routerNotFound(request);
    throw new FakeHttpError(404, 'The resource could not be found.', { neutronType: 'HTTPNotFound' });
  }

  /**
   * Runs the handler of the route of `request` (`undefined` when the service has no route for its
   * path and method); an error a handler throws becomes the service's error answer here, so the
   * caller adds the served microversion's headers to it as to any answer.
   */
  async #route(
    routes: ServiceRoutes,
    service: FakeService,
    request: FakeRequest,
    rest: string[],
    token: FakeToken,
    version: number,
  ): Promise<FakeResponse | undefined> {
    const match = routes.match(request.method, rest);
    if (match === undefined || match === 'method-not-allowed') return undefined;
    this.#counters.byRoute[match.key] = (this.#counters.byRoute[match.key] ?? 0) + 1;
    try {
      return await this.#withFaults(service, request.method, match.key, () =>
        match.handler(request, match.params, token, version),
      );
    } catch (error) {
      return this.#errorResponse(service, error, request.origin);
    }
  }

  /**
   * Applies the fault rules to one call: answers with an injected fault, or runs `perform`; a
   * `responseLost` fault runs `perform` (its effect stays) and drops the connection instead of its answer.
   */
  async #withFaults(
    service: FakeService,
    method: string,
    routeKey: string,
    perform: () => FakeResponse | Promise<FakeResponse>,
  ): Promise<FakeResponse> {
    const injected = await this.#applyFaults(service, method, routeKey);
    if (injected === undefined) return perform();
    if (!('lost' in injected)) return injected;
    try {
      await perform();
    } catch {
      // The answer is lost whatever it was; a refused request simply had no effect.
    }
    return { status: 0, headers: {}, body: '', connection: injected.lost };
  }

  async #applyFaults(
    service: FakeService,
    method: string,
    routeKey: string,
  ): Promise<FakeResponse | { lost: 'reset' | 'hang' } | undefined> {
    if (this.#rules.isEmpty) return undefined;
    const decision = this.#rules.decide(service, method, routeKey);
    if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    const rule = decision.rule;
    if (!rule) return undefined;
    this.#counters.faultsInjected++;
    if (rule.connection !== undefined)
      return { status: 0, headers: {}, body: '', connection: rule.connection };
    if (rule.responseLost !== undefined) return { lost: rule.responseLost };
    return ruleResponse(service, rule, decision.status!);
  }

  #errorResponse(service: FakeService, error: unknown, origin: string): FakeResponse {
    if (error instanceof FakeHttpError) {
      const headers: Record<string, string> = { ...error.headers };
      // Keystone's own 401 names itself, as keystonemiddleware's does for the services.
      if (service === 'identity' && error.status === 401)
        headers['www-authenticate'] = `Keystone uri="${origin}/identity/v3"`;
      return fault(service, error.status, error.message, {
        headers,
        ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
        ...(error.neutronType === undefined ? {} : { neutronType: error.neutronType }),
      });
    }
    // A bug in the fake: answer as a real API does on an unexpected exception, without details.
    return fault(
      service,
      500,
      'The server has either erred or is incapable of performing the requested operation.',
    );
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('The fake cloud is closed; create a new FakeCloud.');
  }
}

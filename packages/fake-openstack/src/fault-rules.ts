import type { FakeService } from './fault-bodies';
import type { SeededRandom } from './seeded-random';

/** Latency to add: fixed ms, uniform `{min, max}`, or long-tailed `{median, p99}` (log-normal). */
export type FaultLatency = number | { min: number; max: number } | { median: number; p99: number };

/**
 * One fault rule. A rule applies to the calls it matches (service, method, route), from the
 * `afterCalls`-th matching call on, for `durationMs` after it was added, at most `times` times, each
 * time with `probability`. What it does: add `latencyMs`, and/or answer `status` (with `retryAfter` and
 * a `body` style), drop the connection before the service sees the request (`connection`), or let
 * the service perform the request and drop the connection instead of answering (`responseLost`).
 * The random draws come from the fake's seeded source: the same seed and the same calls replay the
 * same faults.
 */
export interface FaultRule {
  /** A name for reports and `faults.remove`. */
  name?: string;
  /** Service to match (default: every service except identity when `includeIdentity` is false). */
  service?: FakeService;
  /** HTTP method to match, e.g. `GET`. */
  method?: string;
  /**
   * Route template to match, relative to the service base, as the fake registers it, e.g.
   * `GET /volumes/{volume_id}` (method included) or `/volumes/{volume_id}` (any method).
   */
  route?: string;
  /** Also match Keystone token requests when no `service` is given (default false). */
  includeIdentity?: boolean;
  /** Probability per matching call, 0..1 (default 1). */
  probability?: number;
  /** Skip this many matching calls first (default 0). */
  afterCalls?: number;
  /** Active for this many ms after the rule is added (default: forever). */
  durationMs?: number;
  /** Fire at most this many times (default: unlimited). */
  times?: number;
  /** Latency added before answering. */
  latencyMs?: FaultLatency;
  /** Answer with this status instead of the real answer (or a list to pick from at random). */
  status?: number | number[];
  /** `Retry-After` seconds to send with the status. */
  retryAfter?: number;
  /** Body style of the error: OpenStack's format (default), an HTML page, malformed JSON, or empty. */
  body?: 'openstack' | 'html' | 'malformed-json' | 'empty';
  /** Override of the error message. */
  message?: string;
  /**
   * Drop the connection before the service sees the request (nothing happens): `reset` closes it,
   * `hang` never answers (until the client gives up).
   */
  connection?: 'reset' | 'hang';
  /**
   * The service performs the request (a create creates, a delete deletes), then the answer is lost:
   * `reset` closes the connection, `hang` never answers (until the client gives up). A client sees a
   * connection error or a timeout for a request that took effect, as when a load balancer or the
   * network drops the response of a real cloud.
   */
  responseLost?: 'reset' | 'hang';
}

/** What the fault engine decided for one call. */
export interface FaultDecision {
  latencyMs: number;
  rule?: FaultRule;
  status?: number;
}

/** A handle on an added rule. */
export interface FaultHandle {
  readonly rule: FaultRule;
  /** Times the rule fired so far. */
  readonly fired: number;
  remove(): void;
}

interface ActiveRule {
  rule: FaultRule;
  addedAt: number;
  matched: number;
  fired: number;
}

/** The set of active fault rules of one fake cloud. */
export class FaultRules {
  #rules: ActiveRule[] = [];
  readonly #random: SeededRandom;
  readonly #now: () => number;

  constructor(random: SeededRandom, now: () => number) {
    this.#random = random;
    this.#now = now;
  }

  /** True when no rule is active (the hot path checks this first). */
  get isEmpty(): boolean {
    return this.#rules.length === 0;
  }

  /** Adds a rule; returns a handle to read its count or remove it. */
  add(rule: FaultRule): FaultHandle {
    validateRule(rule);
    const active: ActiveRule = { rule, addedAt: this.#now(), matched: 0, fired: 0 };
    this.#rules.push(active);
    const rules = this;
    return {
      rule,
      get fired() {
        return active.fired;
      },
      remove() {
        rules.#rules = rules.#rules.filter((r) => r !== active);
      },
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** Decides the faults of one call. */
  decide(service: FakeService, method: string, routeKey: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    const now = this.#now();
    for (const active of this.#rules) {
      const { rule } = active;
      if (!matches(rule, service, method, routeKey)) continue;
      if (rule.durationMs !== undefined && now - active.addedAt > rule.durationMs) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      active.matched++;
      if (active.matched <= (rule.afterCalls ?? 0)) continue;
      if (!this.#random.chance(rule.probability ?? 1)) continue;
      active.fired++;
      if (rule.latencyMs !== undefined) decision.latencyMs += this.#latency(rule.latencyMs);
      if (
        decision.rule === undefined &&
        (rule.status !== undefined || rule.connection !== undefined || rule.responseLost !== undefined)
      ) {
        decision.rule = rule;
        if (rule.status !== undefined) {
          decision.status = Array.isArray(rule.status)
            ? rule.status[Math.floor(this.#random.next() * rule.status.length)]
            : rule.status;
        }
      }
    }
    return decision;
  }

  #latency(latency: FaultLatency): number {
    if (typeof latency === 'number') return latency;
    if ('min' in latency) return this.#random.between(latency.min, latency.max);
    // Log-normal with the given median and 99th percentile (z = 2.326).
    const sigma = Math.log(latency.p99 / latency.median) / 2.326;
    const u1 = Math.max(this.#random.next(), 1e-12);
    const u2 = this.#random.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return latency.median * Math.exp(sigma * z);
  }
}

function matches(rule: FaultRule, service: FakeService, method: string, routeKey: string): boolean {
  if (rule.service !== undefined) {
    if (rule.service !== service) return false;
  } else if (service === 'identity' && !rule.includeIdentity) {
    return false;
  }
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.route !== undefined) {
    if (rule.route.includes(' ')) return rule.route === routeKey;
    return routeKey.slice(routeKey.indexOf(' ') + 1) === rule.route;
  }
  return true;
}

function validateRule(rule: FaultRule): void {
  const p = rule.probability;
  if (p !== undefined && !(p >= 0 && p <= 1)) {
    throw new RangeError(`FaultRule.probability must be between 0 and 1, got ${p}`);
  }
  const statuses = rule.status === undefined ? [] : Array.isArray(rule.status) ? rule.status : [rule.status];
  for (const s of statuses) {
    if (!Number.isInteger(s) || s < 400 || s > 599) {
      throw new RangeError(`FaultRule.status must be an HTTP error status (400-599), got ${s}`);
    }
  }
  const outcomes = [rule.status, rule.connection, rule.responseLost].filter((o) => o !== undefined);
  if (outcomes.length === 0 && rule.latencyMs === undefined) {
    throw new TypeError('FaultRule needs at least one of status, connection, responseLost or latencyMs');
  }
  if (outcomes.length > 1) {
    throw new TypeError('FaultRule takes only one of status, connection or responseLost');
  }
  for (const [field, value] of [
    ['connection', rule.connection],
    ['responseLost', rule.responseLost],
  ] as const) {
    if (value !== undefined && value !== 'reset' && value !== 'hang') {
      throw new RangeError(`FaultRule.${field} must be 'reset' or 'hang', got ${String(value)}`);
    }
  }
}

/** Ready-made rules shaped like real OpenStack failures. */
export const FaultPresets = {
  /** Cinder's rate-limit middleware: 413 `overLimit` with `Retry-After: n`. */
  cinderRateLimit: (probability = 1, retryAfter = 1): FaultRule => ({
    name: 'cinder-rate-limit',
    service: 'block-storage',
    probability,
    status: 413,
    retryAfter,
    message: 'This request was rate-limited.',
  }),
  /** Cinder quota exceeded on volume create: 413 with `Retry-After: 0` (never retry). */
  cinderQuota: (probability = 1): FaultRule => ({
    name: 'cinder-quota',
    service: 'block-storage',
    route: 'POST /volumes',
    probability,
    status: 413,
    retryAfter: 0,
    message: "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'.",
  }),
  /** Nova quota exceeded on boot: 403. */
  novaQuota: (probability = 1): FaultRule => ({
    name: 'nova-quota',
    service: 'compute',
    route: 'POST /servers',
    probability,
    status: 403,
    message: 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances',
  }),
  /** A load balancer answering 503, with or without `Retry-After`. */
  loadBalancer503: (probability = 1, retryAfter?: number): FaultRule => ({
    name: 'load-balancer-503',
    probability,
    status: 503,
    body: 'html',
    ...(retryAfter === undefined ? {} : { retryAfter }),
  }),
  /** A proxy rate limiter: 429 with `Retry-After`. */
  tooManyRequests: (probability = 1, retryAfter = 1): FaultRule => ({
    name: 'too-many-requests',
    probability,
    status: 429,
    retryAfter,
  }),
  /**
   * The create on `route` takes effect, then its answer is lost (`reset`, or `hang` until the
   * client's timeout): the resource exists although the client got an error.
   */
  createResponseLost: (
    route: 'POST /volumes' | 'POST /snapshots' | 'POST /servers' | (string & {}) = 'POST /volumes',
    probability = 1,
    how: 'reset' | 'hang' = 'reset',
  ): FaultRule => ({
    name: 'create-response-lost',
    route,
    probability,
    responseLost: how,
  }),
  /** Random 500/503 on every service call. */
  serverErrors: (probability: number): FaultRule => ({
    name: 'server-errors',
    probability,
    status: [500, 503],
  }),
} as const;

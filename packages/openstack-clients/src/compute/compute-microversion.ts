import { NotFound } from '../errors';
import type { ServiceApi } from '../service-client';

/**
 * The highest compute microversion these clients implement: every server request they send and every
 * response they read is right at or below it. 2.37 is the first where `networks` may be `"auto"` or
 * `"none"` (and must be given); later versions change response shapes the mappings do not read.
 */
export const COMPUTE_MICROVERSION_CAP = '2.37';

/** The first compute microversion that takes `networks: "auto"` or `"none"`. */
export const NETWORK_KEYWORDS_MICROVERSION = '2.37';

/** The result of negotiating with a cloud's compute API. */
export interface ComputeVersions {
  /** The microversion the servers client sends: the highest both sides support. */
  version: string;
  /** The cloud's highest microversion (`2.1` when it advertises none). */
  maximum: string;
  /** The cloud's lowest microversion. */
  minimum: string;
}

/** `2.37` as `[2, 37]`; `undefined` for anything else (`''`, `latest`, `v2.1`). */
export function parseVersion(text: unknown): [number, number] | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+)\.(\d+)$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Negative, zero or positive as microversion `a` is below, equal to or above `b`. */
export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = parseVersion(a) ?? [0, 0];
  const [bMajor, bMinor] = parseVersion(b) ?? [0, 0];
  return aMajor === bMajor ? aMinor - bMinor : aMajor - bMajor;
}

/**
 * The compute range a version document advertises: `{"version": {...}}` (GET on the v2.1 root) or
 * `{"versions": [...]}` (GET on the compute root; the entry with the highest `version` wins). A
 * document without microversions (v2.0, or none at all) is the base version 2.1.
 */
export function advertisedRange(document: unknown): { minimum: string; maximum: string } {
  const body = (document ?? {}) as { version?: unknown; versions?: unknown };
  const candidates =
    body.version !== undefined ? [body.version] : Array.isArray(body.versions) ? body.versions : [];
  let best: { minimum: string; maximum: string } | undefined;
  for (const candidate of candidates) {
    const entry = (candidate ?? {}) as { version?: unknown; min_version?: unknown };
    const max = parseVersion(entry.version);
    if (max === undefined) continue;
    const maximum = `${max[0]}.${max[1]}`;
    if (best !== undefined && compareVersions(maximum, best.maximum) <= 0) continue;
    const min = parseVersion(entry.min_version);
    best = { maximum, minimum: min ? `${min[0]}.${min[1]}` : '2.1' };
  }
  return best ?? { minimum: '2.1', maximum: '2.1' };
}

/** The highest microversion both sides support: the cloud's maximum, capped by `cap`. */
export function pickMicroversion(range: { minimum: string; maximum: string }, cap: string): ComputeVersions {
  const version = compareVersions(range.maximum, cap) < 0 ? range.maximum : cap;
  return { version, ...range };
}

/**
 * Negotiates the compute microversion once per client, on its first call: a GET on the compute
 * endpoint (Nova's version document for `/v2.1`), then the highest microversion both sides support.
 * Concurrent first calls share one GET; a failed GET (5xx, timeout) fails the calls waiting on it and
 * is tried again by the next call. A 404 (an endpoint that serves no version document) means the base
 * version, 2.1. The GET goes through the service's private line, so `Trace` does not count it as a
 * method call.
 */
export class ComputeMicroversion {
  readonly #api: ServiceApi;
  readonly #cap: string;
  #known: ComputeVersions | undefined;
  #pending: Promise<ComputeVersions> | undefined;

  constructor(api: ServiceApi, cap: string = COMPUTE_MICROVERSION_CAP) {
    this.#api = api;
    this.#cap = cap;
  }

  /** The negotiated versions (a GET on the first call only). */
  get(): Promise<ComputeVersions> {
    if (this.#known !== undefined) return Promise.resolve(this.#known);
    this.#pending ??= this.#negotiate().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #negotiate(): Promise<ComputeVersions> {
    let document: unknown;
    try {
      document = (await this.#api.request('GET', '', { expectedStatus: [200, 300] })).body;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
    this.#known = pickMicroversion(advertisedRange(document), this.#cap);
    return this.#known;
  }
}

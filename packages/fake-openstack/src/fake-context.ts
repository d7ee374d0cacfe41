import { randomUUID } from 'node:crypto';
import type { FakeDelays, FakeOutcomes, FakeQuotas } from './fake-cloud-options';
import type { FakeService } from './fault-bodies';
import type { Scheduler } from './scheduler';
import type { SeededRandom } from './seeded-random';

/** What every fake service shares: clock, random source, scheduler, delays, outcomes and quotas. */
export interface FakeContext {
  now(): number;
  random: SeededRandom;
  scheduler: Scheduler;
  delays: FakeDelays;
  outcomes: FakeOutcomes;
  quotas: FakeQuotas;
  /** Scales a base delay by timeScale and applies jitter. */
  delay(baseMs: number): number;
}

/**
 * Runs `run` after `baseDelay` scaled by the context's time scale, unless the resource gets stuck
 * (`outcomes.stuck`): the one rule for every timed transition of every service.
 */
export function later(context: FakeContext, baseDelay: number, run: () => void): void {
  if (context.random.chance(context.outcomes.stuck)) return;
  context.scheduler.after(context.delay(baseDelay), run);
}

/** Thrown by a handler to answer with an error in its service's format. */
export class FakeHttpError extends Error {
  readonly status: number;
  readonly retryAfter?: number;
  readonly neutronType?: string;
  /** Headers of the error answer (e.g. the requested microversion a 406 echoes). */
  readonly headers?: Record<string, string>;
  constructor(
    status: number,
    message: string,
    options: { retryAfter?: number; neutronType?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.retryAfter = options.retryAfter;
    this.neutronType = options.neutronType;
    this.headers = options.headers;
  }
}

/** A dashed UUID, as Cinder, Nova and Neutron use. */
export function newUuid(): string {
  return randomUUID();
}

/** A 32-hex id, as Keystone uses. */
export function newKeystoneId(): string {
  return randomUUID().replaceAll('-', '');
}

const databaseTimes = new Map<number, string>();

/**
 * A naive ISO-8601 timestamp with six fraction digits and no zone, as a service reads it back from its
 * database: whole seconds (`2026-12-01T12:52:14.000000`; MySQL's DATETIME keeps no fraction). Cinder's
 * resources, Nova's keypairs and its server-usage times (`OS-SRV-USG:*`) are written so.
 * Memoized: GETs repeat them.
 */
export function databaseTime(ms: number): string {
  let text = databaseTimes.get(ms);
  if (text === undefined) {
    if (databaseTimes.size >= 4096) databaseTimes.clear();
    text = `${new Date(ms).toISOString().slice(0, 19)}.000000`;
    databaseTimes.set(ms, text);
  }
  return text;
}

/**
 * The timestamp of the create answer itself, which Cinder builds from the object in memory before it
 * is read back: the sub-second part is still there (`2026-12-01T12:53:50.081000`).
 */
export function cinderTimePrecise(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}

/** Nova's and Neutron's `YYYY-MM-DDTHH:MM:SSZ`. */
export function novaTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Keystone's timestamp with microseconds and `Z`. */
export function keystoneTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

/** Parses a JSON request body; a malformed one is a 400 in the service's format. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body === '')
    throw new FakeHttpError(
      400,
      'The server could not comply with the request since it is either malformed or otherwise incorrect: empty body.',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new FakeHttpError(400, 'Malformed request body: the body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FakeHttpError(400, 'Malformed request body: expected a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Reads `body[key]` as an object or answers 400 naming the key. */
export function requireObject(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FakeHttpError(400, `Missing required element '${key}' in request body.`);
  }
  return value as Record<string, unknown>;
}

/** Optional string field, 400 when present with another type. */
export function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new FakeHttpError(
      400,
      `Invalid input for field/attribute ${key}. Value: ${JSON.stringify(value)}. It is not a string.`,
    );
  return value;
}

/** Optional string-to-string map (metadata). */
export function optionalMetadata(obj: Record<string, unknown>, key: string): Record<string, string> {
  const value = obj[key];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new FakeHttpError(400, `Invalid input for field/attribute ${key}: metadata must be an object.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw new FakeHttpError(
        400,
        `Invalid input for field/attribute ${key}: value of '${k}' is not a string.`,
      );
    out[k] = v;
  }
  return out;
}

/** The service of a request path's first segment. */
export function serviceOfSegment(segment: string | undefined): FakeService | undefined {
  switch (segment) {
    case 'identity':
      return 'identity';
    case 'volume':
      return 'block-storage';
    case 'compute':
      return 'compute';
    case 'networking':
      return 'network';
    case 'image':
      return 'image';
    default:
      return undefined;
  }
}

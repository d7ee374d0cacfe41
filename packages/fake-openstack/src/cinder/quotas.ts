import type { FakeQuotas } from '../fake-cloud-options';
import { FakeHttpError } from '../fake-context';
import { type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import { quotaUsages } from '../quota-usage';
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, cinderBodyObject, isTrue, requireAdmin } from './cinder-state';

/** The Cinder quotas of one project: the fake's configured defaults, overridden per project by PUT. */
export interface CinderQuotas {
  volumes: number;
  snapshots: number;
  gigabytes: number;
  perVolumeGigabytes: number;
}

/** Cinder's quota sets: show (with `usage=true`), defaults, update (admin), each per project. */
export function addQuotaRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes
    .add('GET', '/os-quota-sets/{project_id}', (req, p, token) =>
      quotaSet(state, p.project_id!, token, req.query.get('usage')),
    )
    .add('GET', '/os-quota-sets/{project_id}/defaults', (_req, p) =>
      json(200, { quota_set: { ...quotaValues(state, defaults(state)), id: p.project_id! } }),
    )
    .add('PUT', '/os-quota-sets/{project_id}', (req, p, token) =>
      updateQuotaSet(state, req, p.project_id!, token),
    );
}

function defaults(state: CinderState): CinderQuotas {
  const q: FakeQuotas = state.context.quotas;
  return {
    volumes: q.volumes,
    snapshots: q.snapshots,
    gigabytes: q.gigabytes,
    perVolumeGigabytes: q.perVolumeGigabytes,
  };
}

/** The effective quotas of `projectId`: the defaults with the project's own values over them. */
export function projectQuotas(state: CinderState, projectId: string): CinderQuotas {
  return { ...defaults(state), ...state.quotaOverrides.get(projectId) };
}

/**
 * 413 (with `Retry-After: 0`, never retried) when `volumes` more volumes of `gigabytes` more
 * gigabytes would exceed the project's quotas, checked in Cinder's order: the per-volume limit, then
 * gigabytes, then the count (over both, Cinder names gigabytes). `creating`: the check of a volume
 * create, whose task flow prefixes the message with the exception's class name
 * (`VolumeSizeExceedsAvailableQuota: Requested volume ...`).
 */
export function checkVolumeQuota(
  state: CinderState,
  projectId: string,
  volumes: number,
  gigabytes: number,
  options: { creating?: boolean } = {},
): void {
  const quotas = projectQuotas(state, projectId);
  const usage = state.usage(projectId);
  const named = (exception: string, message: string) =>
    options.creating === true ? `${exception}: ${message}` : message;
  if (quotas.perVolumeGigabytes >= 0 && gigabytes > quotas.perVolumeGigabytes) {
    throw new FakeHttpError(
      413,
      named(
        'VolumeSizeExceedsLimit',
        `Requested volume size ${gigabytes}G is larger than maximum allowed limit ${quotas.perVolumeGigabytes}G.`,
      ),
      { retryAfter: 0 },
    );
  }
  checkGigabytesQuota(state, projectId, usage.gigabytes, gigabytes, named);
  if (quotas.volumes >= 0 && usage.volumes + volumes > quotas.volumes) {
    throw new FakeHttpError(
      413,
      named(
        'VolumeLimitExceeded',
        `Maximum number of volumes allowed (${quotas.volumes}) exceeded for quota 'volumes'.`,
      ),
      { retryAfter: 0 },
    );
  }
}

/** 413 when one more snapshot of `gigabytes` would exceed the project's gigabytes or snapshots quota. */
export function checkSnapshotQuota(state: CinderState, projectId: string, gigabytes: number): void {
  const quotas = projectQuotas(state, projectId);
  const usage = state.usage(projectId);
  checkGigabytesQuota(state, projectId, usage.gigabytes, gigabytes);
  if (quotas.snapshots >= 0 && usage.snapshots + 1 > quotas.snapshots) {
    throw new FakeHttpError(413, `Maximum number of snapshots allowed (${quotas.snapshots}) exceeded`, {
      retryAfter: 0,
    });
  }
}

/**
 * 413 when `gigabytes` more would exceed the project's gigabytes quota (`used` already consumed);
 * `named` gives the message its exception's name where Cinder does.
 */
function checkGigabytesQuota(
  state: CinderState,
  projectId: string,
  used: number,
  gigabytes: number,
  named: (exception: string, message: string) => string = (_e, message) => message,
): void {
  const { gigabytes: quota } = projectQuotas(state, projectId);
  if (quota >= 0 && used + gigabytes > quota) {
    throw new FakeHttpError(
      413,
      named(
        'VolumeSizeExceedsAvailableQuota',
        `Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${gigabytes}G, quota is ${quota}G and ${used}G has been consumed.`,
      ),
      { retryAfter: 0 },
    );
  }
}

/** A quota set's values in Cinder 21's key order, with the per-type keys of every volume type (-1). */
function quotaValues(state: CinderState, quotas: CinderQuotas): Record<string, number> {
  const values: Record<string, number> = {
    volumes: quotas.volumes,
    per_volume_gigabytes: quotas.perVolumeGigabytes,
    snapshots: quotas.snapshots,
    gigabytes: quotas.gigabytes,
    backups: 10,
    backup_gigabytes: 1000,
  };
  for (const type of state.types) {
    values[`volumes_${type.name}`] = -1;
    values[`gigabytes_${type.name}`] = -1;
    values[`snapshots_${type.name}`] = -1;
  }
  values.groups = 10;
  return values;
}

function quotaSet(
  state: CinderState,
  projectId: string,
  token: FakeToken,
  usageParam: string | null,
): FakeResponse {
  if (projectId !== token.project!.id && !token.roles.includes('admin')) {
    throw new FakeHttpError(403, `Policy doesn't allow volume_extension:quotas:show to be performed.`);
  }
  const values = quotaValues(state, projectQuotas(state, projectId));
  if (!isTrue(usageParam)) return json(200, { quota_set: { ...values, id: projectId } });
  const usage = state.usage(projectId);
  const inUse: Record<string, number> = {
    volumes: usage.volumes,
    snapshots: usage.snapshots,
    gigabytes: usage.gigabytes,
  };
  return json(200, { quota_set: { ...quotaUsages(values, inUse), id: projectId } });
}

function updateQuotaSet(
  state: CinderState,
  req: FakeRequest,
  projectId: string,
  token: FakeToken,
): FakeResponse {
  requireAdmin(token, 'volume_extension:quotas:update');
  const spec = cinderBodyObject(req, 'quota_set');
  const keys: Record<string, keyof CinderQuotas> = {
    volumes: 'volumes',
    snapshots: 'snapshots',
    gigabytes: 'gigabytes',
    per_volume_gigabytes: 'perVolumeGigabytes',
  };
  const override = { ...state.quotaOverrides.get(projectId) };
  for (const [key, value] of Object.entries(spec)) {
    const field = keys[key];
    if (!field) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
      throw new FakeHttpError(
        400,
        `Invalid input received: Quota value ${String(value)} for ${key} must be an integer >= -1.`,
      );
    }
    override[field] = value;
  }
  state.quotaOverrides.set(projectId, override);
  return json(200, { quota_set: quotaValues(state, projectQuotas(state, projectId)) });
}

import { FakeHttpError, parseJsonBody, requireObject } from '../fake-context';
import { type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, isTrue, requireAdmin } from './cinder-state';

/** Cinder's quota sets: show (with `usage=true`), defaults, update (admin). */
export function addQuotaRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes
    .add('GET', '/os-quota-sets/{project_id}', (req, p, token) =>
      quotaSet(state, p.project_id!, token, req.query.get('usage')),
    )
    .add('GET', '/os-quota-sets/{project_id}/defaults', (_req, p) =>
      json(200, { quota_set: quotaValues(state, p.project_id!) }),
    )
    .add('PUT', '/os-quota-sets/{project_id}', (req, p, token) =>
      updateQuotaSet(state, req, p.project_id!, token),
    );
}

/**
 * 413 (with `Retry-After: 0`, never retried) when `volumes` more volumes of `gigabytes` more
 * gigabytes would exceed the project's quotas or the per-volume limit.
 */
export function checkVolumeQuota(
  state: CinderState,
  projectId: string,
  volumes: number,
  gigabytes: number,
): void {
  const { quotas } = state.context;
  const usage = state.usage(projectId);
  if (quotas.perVolumeGigabytes >= 0 && gigabytes > quotas.perVolumeGigabytes) {
    throw new FakeHttpError(
      413,
      `VolumeSizeExceedsLimit: Requested volume size ${gigabytes}G is larger than maximum allowed limit ${quotas.perVolumeGigabytes}G.`,
      { retryAfter: 0 },
    );
  }
  if (quotas.volumes >= 0 && usage.volumes + volumes > quotas.volumes) {
    throw new FakeHttpError(
      413,
      `VolumeLimitExceeded: Maximum number of volumes allowed (${quotas.volumes}) exceeded for quota 'volumes'.`,
      { retryAfter: 0 },
    );
  }
  checkGigabytesQuota(state, usage.gigabytes, gigabytes);
}

/** 413 when `gigabytes` more would exceed the gigabytes quota (`used` already consumed). */
export function checkGigabytesQuota(state: CinderState, used: number, gigabytes: number): void {
  const { quotas } = state.context;
  if (quotas.gigabytes >= 0 && used + gigabytes > quotas.gigabytes) {
    throw new FakeHttpError(
      413,
      `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${gigabytes}G, quota is ${quotas.gigabytes}G and ${used}G has been consumed.`,
      { retryAfter: 0 },
    );
  }
}

function quotaValues(state: CinderState, projectId: string): Record<string, unknown> {
  const { quotas } = state.context;
  return {
    id: projectId,
    volumes: quotas.volumes,
    snapshots: quotas.snapshots,
    gigabytes: quotas.gigabytes,
    backups: 10,
    backup_gigabytes: 1000,
    per_volume_gigabytes: quotas.perVolumeGigabytes,
    groups: 10,
  };
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
  const values = quotaValues(state, projectId);
  if (!isTrue(usageParam)) return json(200, { quota_set: values });
  const usage = state.usage(projectId);
  const inUse: Record<string, number> = {
    volumes: usage.volumes,
    snapshots: usage.snapshots,
    gigabytes: usage.gigabytes,
  };
  const detailed: Record<string, unknown> = { id: projectId };
  for (const [key, limit] of Object.entries(values)) {
    if (key === 'id') continue;
    detailed[key] = { limit, in_use: inUse[key] ?? 0, reserved: 0, allocated: 0 };
  }
  return json(200, { quota_set: detailed });
}

function updateQuotaSet(
  state: CinderState,
  req: FakeRequest,
  projectId: string,
  token: FakeToken,
): FakeResponse {
  requireAdmin(token);
  const spec = requireObject(parseJsonBody(req.body), 'quota_set');
  const { quotas } = state.context;
  const keys: Record<string, keyof typeof quotas> = {
    volumes: 'volumes',
    snapshots: 'snapshots',
    gigabytes: 'gigabytes',
    per_volume_gigabytes: 'perVolumeGigabytes',
  };
  for (const [key, value] of Object.entries(spec)) {
    const field = keys[key];
    if (!field) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
      throw new FakeHttpError(
        400,
        `Invalid input received: Quota value ${String(value)} for ${key} must be an integer >= -1.`,
      );
    }
    quotas[field] = value;
  }
  const { id: _id, ...values } = quotaValues(state, projectId);
  return json(200, { quota_set: values });
}

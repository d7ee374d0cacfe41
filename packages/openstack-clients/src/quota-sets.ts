import type { ServiceApi } from './service-client';

/** A quota value with usage (Cinder `usage: true`, Nova `/detail`). */
export interface QuotaUsage {
  limit: number;
  inUse: number;
  reserved: number;
}

/** A quota set: each quota's limit, or its limit with usage. */
export type QuotaSet = Record<string, number | QuotaUsage>;

/**
 * `GET /os-quota-sets/{project_id}{suffix}` of Cinder or Nova (same path, same body); the project
 * defaults to the token's.
 */
export async function showQuotaSet(
  api: ServiceApi,
  projectId: string | undefined,
  suffix = '',
  query?: Record<string, string>,
): Promise<QuotaSet> {
  const id = projectId ?? (await api.projectId());
  const response = await api.request<{ quota_set: Record<string, unknown> }>(
    'GET',
    `/os-quota-sets/${encodeURIComponent(id)}${suffix}`,
    query ? { query } : {},
  );
  return quotaSetFromWire(response.body.quota_set);
}

/** Admin: `PUT /os-quota-sets/{project_id}` of Cinder or Nova; answers the quota set as set. */
export async function updateQuotaSet(
  api: ServiceApi,
  projectId: string,
  values: Record<string, number>,
): Promise<QuotaSet> {
  const response = await api.request<{ quota_set: Record<string, unknown> }>(
    'PUT',
    `/os-quota-sets/${encodeURIComponent(projectId)}`,
    { body: { quota_set: values } },
  );
  return quotaSetFromWire(response.body.quota_set);
}

/** Quota set JSON without its `id`; usage objects mapped to camelCase. */
export function quotaSetFromWire(wire: Record<string, unknown>): QuotaSet {
  const out: QuotaSet = {};
  for (const [key, value] of Object.entries(wire)) {
    if (key === 'id') continue;
    if (value !== null && typeof value === 'object') {
      const v = value as Record<string, number>;
      out[key] = { limit: v.limit ?? 0, inUse: v.in_use ?? 0, reserved: v.reserved ?? 0 };
    } else if (typeof value === 'number') out[key] = value;
  }
  return out;
}

import { ServiceClient } from '../service-client';
import type { QuotaUsage } from './types';

/** Cinder's quota sets. */
export class VolumeQuotasClient extends ServiceClient {
  protected readonly _service = 'block-storage' as const;

  /** Quotas of a project (default: the token's); with `usage`, each value is `{ limit, inUse, reserved }`. */
  async showQuotaSet(
    projectId?: string,
    options: { usage?: boolean } = {},
  ): Promise<Record<string, number | QuotaUsage>> {
    const id = projectId ?? (await this._session.projectId());
    const response = await this._request<{ quota_set: Record<string, unknown> }>(
      'GET',
      `/os-quota-sets/${encodeURIComponent(id)}`,
      {
        ...(options.usage ? { query: { usage: 'True' } } : {}),
      },
    );
    return quotaSetFromWire(response.body.quota_set);
  }

  /** Default quotas. */
  async showDefaultQuotaSet(projectId?: string): Promise<Record<string, number | QuotaUsage>> {
    const id = projectId ?? (await this._session.projectId());
    const response = await this._request<{ quota_set: Record<string, unknown> }>(
      'GET',
      `/os-quota-sets/${encodeURIComponent(id)}/defaults`,
    );
    return quotaSetFromWire(response.body.quota_set);
  }

  /** Admin: sets quotas. */
  async updateQuotaSet(
    projectId: string,
    values: Record<string, number>,
  ): Promise<Record<string, number | QuotaUsage>> {
    const response = await this._request<{ quota_set: Record<string, unknown> }>(
      'PUT',
      `/os-quota-sets/${encodeURIComponent(projectId)}`,
      {
        body: { quota_set: values },
      },
    );
    return quotaSetFromWire(response.body.quota_set);
  }
}

/** Quota set JSON without its `id`; usage objects mapped to camelCase. */
export function quotaSetFromWire(wire: Record<string, unknown>): Record<string, number | QuotaUsage> {
  const out: Record<string, number | QuotaUsage> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (key === 'id') continue;
    if (value !== null && typeof value === 'object') {
      const v = value as Record<string, number>;
      out[key] = { limit: v.limit ?? 0, inUse: v.in_use ?? 0, reserved: v.reserved ?? 0 };
    } else if (typeof value === 'number') out[key] = value;
  }
  return out;
}

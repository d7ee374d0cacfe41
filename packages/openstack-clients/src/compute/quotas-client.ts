import { ServiceClient } from '../service-client';
import type { QuotaUsage } from '../volume/types';
import { quotaSetFromWire } from '../volume/volume-quotas-client';

/** Nova's quota sets. */
export class QuotasClient extends ServiceClient {
  protected readonly _service = 'compute' as const;

  async showQuotaSet(projectId?: string): Promise<Record<string, number | QuotaUsage>> {
    return this._get(projectId, '');
  }

  /** Each value as `{ limit, inUse, reserved }`. */
  async showQuotaSetDetail(projectId?: string): Promise<Record<string, number | QuotaUsage>> {
    return this._get(projectId, '/detail');
  }

  async showDefaultQuotaSet(projectId?: string): Promise<Record<string, number | QuotaUsage>> {
    return this._get(projectId, '/defaults');
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

  async _get(projectId: string | undefined, suffix: string): Promise<Record<string, number | QuotaUsage>> {
    const id = projectId ?? (await this._session.projectId());
    const response = await this._request<{ quota_set: Record<string, unknown> }>(
      'GET',
      `/os-quota-sets/${encodeURIComponent(id)}${suffix}`,
    );
    return quotaSetFromWire(response.body.quota_set);
  }
}

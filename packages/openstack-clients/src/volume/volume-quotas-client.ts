import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { type QuotaSet, showQuotaSet, updateQuotaSet } from '../quota-sets';
import { ServiceApi, ServiceClient } from '../service-client';

/** Cinder's quota sets. */
export class VolumeQuotasClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('block-storage', session, options);
  }

  /** Quotas of a project (default: the token's); with `usage`, each value is `{ limit, inUse, reserved }`. */
  async showQuotaSet(projectId?: string, options: { usage?: boolean } = {}): Promise<QuotaSet> {
    return showQuotaSet(this.#api, projectId, '', options.usage ? { usage: 'True' } : undefined);
  }

  /** Default quotas. */
  async showDefaultQuotaSet(projectId?: string): Promise<QuotaSet> {
    return showQuotaSet(this.#api, projectId, '/defaults');
  }

  /** Admin: sets quotas. */
  async updateQuotaSet(projectId: string, values: Record<string, number>): Promise<QuotaSet> {
    return updateQuotaSet(this.#api, projectId, values);
  }
}

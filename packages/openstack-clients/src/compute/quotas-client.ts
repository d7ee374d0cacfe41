import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { type QuotaSet, showQuotaSet, updateQuotaSet } from '../quota-sets';
import { ServiceApi, ServiceClient } from '../service-client';

/** Nova's quota sets. */
export class QuotasClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('compute', session, options);
  }

  /** Quotas of a project (default: the token's). */
  async showQuotaSet(projectId?: string): Promise<QuotaSet> {
    return showQuotaSet(this.#api, projectId);
  }

  /** Each value as `{ limit, inUse, reserved }`. */
  async showQuotaSetDetail(projectId?: string): Promise<QuotaSet> {
    return showQuotaSet(this.#api, projectId, '/detail');
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

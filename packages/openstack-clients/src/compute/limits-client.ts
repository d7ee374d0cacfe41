import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';

/** Nova's `/limits`. */
export class LimitsClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('compute', session, options);
  }

  /** Absolute compute limits and usage of the project. */
  async showLimits(): Promise<Record<string, number>> {
    const response = await this.#api.request<{ limits: { absolute: Record<string, number> } }>(
      'GET',
      '/limits',
    );
    return response.body.limits.absolute;
  }
}

import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import type { VolumeLimits } from './types';

/** Cinder's `/limits`. */
export class VolumeLimitsClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('block-storage', session, options);
  }

  /** Absolute limits and usage of the project. */
  async showLimits(): Promise<VolumeLimits> {
    const response = await this.#api.request<{ limits: { absolute: VolumeLimits } }>('GET', '/limits');
    return response.body.limits.absolute;
  }
}

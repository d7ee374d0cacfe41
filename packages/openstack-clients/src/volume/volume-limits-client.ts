import { ServiceClient } from '../service-client';
import type { VolumeLimits } from './types';

/** Cinder's `/limits`. */
export class VolumeLimitsClient extends ServiceClient {
  protected readonly _service = 'block-storage' as const;

  /** Absolute limits and usage of the project. */
  async showLimits(): Promise<VolumeLimits> {
    const response = await this._request<{ limits: { absolute: VolumeLimits } }>('GET', '/limits');
    return response.body.limits.absolute;
  }
}

import { ServiceClient } from '../service-client';

/** Nova's `/limits`. */
export class LimitsClient extends ServiceClient {
  protected readonly _service = 'compute' as const;

  /** Absolute compute limits and usage of the project. */
  async showLimits(): Promise<Record<string, number>> {
    const response = await this._request<{ limits: { absolute: Record<string, number> } }>('GET', '/limits');
    return response.body.limits.absolute;
  }
}

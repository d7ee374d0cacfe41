import { ServiceClient } from '../service-client';
import { flavorFromWire } from './server-mapping';
import type { Flavor } from './types';

type Wire = Record<string, unknown>;

/** Nova flavors. */
export class FlavorsClient extends ServiceClient {
  protected readonly _service = 'compute' as const;

  async listFlavors(query: { minRam?: number; minDisk?: number } = {}): Promise<Flavor[]> {
    const response = await this._request<{ flavors: Wire[] }>('GET', '/flavors', { query });
    return response.body.flavors.map(flavorFromWire);
  }

  async listFlavorsDetail(query: { minRam?: number; minDisk?: number } = {}): Promise<Flavor[]> {
    const response = await this._request<{ flavors: Wire[] }>('GET', '/flavors/detail', { query });
    return response.body.flavors.map(flavorFromWire);
  }

  async getFlavor(flavorId: string): Promise<Flavor> {
    const response = await this._request<{ flavor: Wire }>('GET', `/flavors/${encodeURIComponent(flavorId)}`);
    return flavorFromWire(response.body.flavor);
  }
}

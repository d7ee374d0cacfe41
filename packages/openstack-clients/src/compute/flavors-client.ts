import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import { flavorFromWire } from './server-mapping';
import type { Flavor } from './types';

type Wire = Record<string, unknown>;

/** Nova flavors. */
export class FlavorsClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('compute', session, options);
  }

  /** Flavors (id and name). */
  async listFlavors(query: { minRam?: number; minDisk?: number } = {}): Promise<Flavor[]> {
    const response = await this.#api.request<{ flavors: Wire[] }>('GET', '/flavors', { query });
    return response.body.flavors.map(flavorFromWire);
  }

  /** Flavors with RAM, vCPUs and disk. */
  async listFlavorsDetail(query: { minRam?: number; minDisk?: number } = {}): Promise<Flavor[]> {
    const response = await this.#api.request<{ flavors: Wire[] }>('GET', '/flavors/detail', { query });
    return response.body.flavors.map(flavorFromWire);
  }

  /** One flavor. */
  async getFlavor(flavorId: string): Promise<Flavor> {
    const response = await this.#api.request<{ flavor: Wire }>(
      'GET',
      `/flavors/${encodeURIComponent(flavorId)}`,
    );
    return flavorFromWire(response.body.flavor);
  }
}

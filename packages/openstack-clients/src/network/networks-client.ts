import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import type { Network } from './types';

type Wire = Record<string, unknown>;

/** Neutron networks (read-only: finding the external network for floating IPs). */
export class NetworksClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('network', session, options);
  }

  /** Networks, e.g. `{ external: true }` for those floating IPs come from. */
  async listNetworks(query: { external?: boolean; name?: string } = {}): Promise<Network[]> {
    const response = await this.#api.request<{ networks: Wire[] }>('GET', '/v2.0/networks', {
      query: { 'router:external': query.external, name: query.name },
    });
    return response.body.networks.map(networkFromWire);
  }

  /** One network. */
  async getNetwork(networkId: string): Promise<Network> {
    const response = await this.#api.request<{ network: Wire }>(
      'GET',
      `/v2.0/networks/${encodeURIComponent(networkId)}`,
    );
    return networkFromWire(response.body.network);
  }
}

function networkFromWire(w: Wire): Network {
  return {
    id: String(w.id),
    name: String(w.name ?? ''),
    external: w['router:external'] === true,
    status: String(w.status ?? ''),
  };
}

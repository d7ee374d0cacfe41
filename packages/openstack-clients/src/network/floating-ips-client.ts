import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import { type DeletionProbeOptions, probeDeletion } from '../waiters/deletion-waiter';
import { type ObservedCallOptions, requestFactsOf } from '../waiters/request-facts';
import type { WatchedResource } from '../waiters/watched-resource';
import type { FloatingIp } from './types';

type Wire = Record<string, unknown>;

/** Floating IPs as the deletion probe sees them. */
const FLOATING_IP: WatchedResource<FloatingIp> = { type: 'floating IP', status: (fip) => fip.status };

/** Neutron floating IPs. */
export class FloatingIpsClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('network', session, options);
  }

  /** Allocates a floating IP from an external network (201), optionally bound to a port. */
  async createFloatingIp(request: {
    floatingNetworkId: string;
    portId?: string;
    fixedIpAddress?: string;
    description?: string;
  }): Promise<FloatingIp> {
    const floatingip: Wire = { floating_network_id: request.floatingNetworkId };
    if (request.portId !== undefined) floatingip.port_id = request.portId;
    if (request.fixedIpAddress !== undefined) floatingip.fixed_ip_address = request.fixedIpAddress;
    if (request.description !== undefined) floatingip.description = request.description;
    const response = await this.#api.request<{ floatingip: Wire }>('POST', '/v2.0/floatingips', {
      body: { floatingip },
      expectedStatus: [201],
    });
    return floatingIpFromWire(response.body.floatingip);
  }

  /** One floating IP. `onResponse` learns the request's method, URL and request id. */
  async getFloatingIp(floatingIpId: string, options: ObservedCallOptions = {}): Promise<FloatingIp> {
    const path = `/v2.0/floatingips/${encodeURIComponent(floatingIpId)}`;
    const response = await this.#api.request<{ floatingip: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return floatingIpFromWire(response.body.floatingip);
  }

  /** The project's floating IPs. */
  async listFloatingIps(query: { status?: string } = {}): Promise<FloatingIp[]> {
    const response = await this.#api.request<{ floatingips: Wire[] }>('GET', '/v2.0/floatingips', { query });
    return response.body.floatingips.map(floatingIpFromWire);
  }

  /** Associates (`portId`) or disassociates (`portId: null`) a floating IP. */
  async updateFloatingIp(
    floatingIpId: string,
    changes: { portId?: string | null; description?: string },
  ): Promise<FloatingIp> {
    const floatingip: Wire = {};
    if (changes.portId !== undefined) floatingip.port_id = changes.portId;
    if (changes.description !== undefined) floatingip.description = changes.description;
    const response = await this.#api.request<{ floatingip: Wire }>(
      'PUT',
      `/v2.0/floatingips/${encodeURIComponent(floatingIpId)}`,
      { body: { floatingip } },
    );
    return floatingIpFromWire(response.body.floatingip);
  }

  /** Releases a floating IP (204). */
  async deleteFloatingIp(floatingIpId: string): Promise<void> {
    await this.#api.request('DELETE', `/v2.0/floatingips/${encodeURIComponent(floatingIpId)}`, {
      expectedStatus: [204],
    });
  }

  /** True when the floating IP is gone (404, whitelisted by Trace). */
  async isResourceDeleted(floatingIpId: string, options?: DeletionProbeOptions): Promise<boolean> {
    // Awaited, so this method's frame is on the async stack of the 404 (the whitelist reads it).
    return await probeDeletion(
      FLOATING_IP,
      floatingIpId,
      (o) => this.getFloatingIp(floatingIpId, o),
      options,
    );
  }
}

function floatingIpFromWire(w: Wire): FloatingIp {
  return {
    id: String(w.id),
    floatingIpAddress: String(w.floating_ip_address),
    floatingNetworkId: String(w.floating_network_id),
    portId: typeof w.port_id === 'string' ? w.port_id : null,
    fixedIpAddress: typeof w.fixed_ip_address === 'string' ? w.fixed_ip_address : null,
    status: String(w.status),
    projectId: typeof w.project_id === 'string' ? w.project_id : null,
    description: String(w.description ?? ''),
  };
}

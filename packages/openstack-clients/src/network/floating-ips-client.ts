import { NotFound } from '../errors';
import { ServiceClient } from '../service-client';
import type { FloatingIp } from './types';

type Wire = Record<string, unknown>;

/** Neutron floating IPs. */
export class FloatingIpsClient extends ServiceClient {
  protected readonly _service = 'network' as const;

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
    const response = await this._request<{ floatingip: Wire }>('POST', '/v2.0/floatingips', {
      body: { floatingip },
      expectedStatus: [201],
    });
    return floatingIpFromWire(response.body.floatingip);
  }

  async getFloatingIp(floatingIpId: string): Promise<FloatingIp> {
    const response = await this._request<{ floatingip: Wire }>(
      'GET',
      `/v2.0/floatingips/${encodeURIComponent(floatingIpId)}`,
    );
    return floatingIpFromWire(response.body.floatingip);
  }

  async listFloatingIps(query: { status?: string } = {}): Promise<FloatingIp[]> {
    const response = await this._request<{ floatingips: Wire[] }>('GET', '/v2.0/floatingips', { query });
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
    const response = await this._request<{ floatingip: Wire }>(
      'PUT',
      `/v2.0/floatingips/${encodeURIComponent(floatingIpId)}`,
      { body: { floatingip } },
    );
    return floatingIpFromWire(response.body.floatingip);
  }

  async deleteFloatingIp(floatingIpId: string): Promise<void> {
    await this._request('DELETE', `/v2.0/floatingips/${encodeURIComponent(floatingIpId)}`, {
      expectedStatus: [204],
    });
  }

  async isResourceDeleted(floatingIpId: string): Promise<boolean> {
    try {
      await this.getFloatingIp(floatingIpId);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
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

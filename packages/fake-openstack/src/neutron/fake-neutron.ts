import {
  type FakeContext,
  FakeHttpError,
  newUuid,
  novaTime,
  optionalString,
  parseJsonBody,
  requireObject,
} from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import { RouteTable } from '../route-table';
import type { ServiceHandler } from '../service-handler';
import { addNeutronQuotaRoutes, type NeutronQuotaStore, neutronProjectQuotas } from './quotas';

/** A network of the fake. */
export interface FakeNetwork {
  id: string;
  name: string;
  external: boolean;
  cidr: string;
  /** The owning project. */
  projectId: string;
  createdAt: number;
}

/** A floating IP as the fake stores it. */
export interface FakeFloatingIp {
  id: string;
  projectId: string;
  address: string;
  networkId: string;
  portId: string | null;
  fixedIpAddress: string | null;
  status: 'DOWN' | 'ACTIVE';
  description: string;
  createdAt: number;
  updatedAt: number;
  revision: number;
}

/** The fake Neutron v2.0 subset: networks (read), floating IPs, quotas and the extensions list. */
export class FakeNeutron {
  readonly networks: FakeNetwork[];
  readonly floatingIps = new Map<string, FakeFloatingIp>();
  readonly routes = new RouteTable<ServiceHandler>();
  readonly #context: FakeContext;
  readonly #quotas: NeutronQuotaStore = {
    floatingIpQuota: () => this.#context.quotas.floatingIps,
    floatingIpsUsed: (projectId) =>
      [...this.floatingIps.values()].filter((f) => f.projectId === projectId).length,
    overrides: new Map(),
  };
  #nextHost = 10;

  /**
   * The owners of the two networks, as devstack makes them: `private` belongs to the default project,
   * the external `public` one to the admin's.
   */
  constructor(context: FakeContext, owners: { projectId: string; adminProjectId: string }) {
    this.#context = context;
    const createdAt = context.now();
    this.networks = [
      {
        id: newUuid(),
        name: 'private',
        external: false,
        cidr: '10.0.0.0/24',
        projectId: owners.projectId,
        createdAt,
      },
      {
        id: newUuid(),
        name: 'public',
        external: true,
        cidr: '172.24.4.0/24',
        projectId: owners.adminProjectId,
        createdAt,
      },
    ];
    this.routes
      .add('GET', '/v2.0/networks', (req) =>
        json(200, { networks: this.#filterNetworks(req).map(networkBody) }),
      )
      .add('GET', '/v2.0/networks/{network_id}', (_req, p) => {
        const network = this.networks.find((n) => n.id === p.network_id);
        if (!network)
          throw new FakeHttpError(404, `Network ${p.network_id} could not be found.`, {
            neutronType: 'NetworkNotFound',
          });
        return json(200, { network: networkBody(network) });
      })
      .add('POST', '/v2.0/floatingips', (req, _p, token) => this.#create(req, token))
      .add('GET', '/v2.0/floatingips', (req, _p, token) => {
        const status = req.query.get('status');
        const list = [...this.floatingIps.values()].filter(
          (f) => f.projectId === token.project!.id && (status === null || f.status === status),
        );
        return json(200, { floatingips: list.map(floatingIpBody) });
      })
      .add('GET', '/v2.0/floatingips/{floatingip_id}', (_req, p, token) =>
        json(200, { floatingip: floatingIpBody(this.#floatingIp(p.floatingip_id!, token)) }),
      )
      .add('PUT', '/v2.0/floatingips/{floatingip_id}', (req, p, token) =>
        this.#update(req, p.floatingip_id!, token),
      )
      .add('DELETE', '/v2.0/floatingips/{floatingip_id}', (_req, p, token) => {
        const fip = this.#floatingIp(p.floatingip_id!, token);
        this.floatingIps.delete(fip.id);
        return empty(204);
      });
    addNeutronQuotaRoutes(this.routes, this.#quotas);
  }

  #filterNetworks(req: FakeRequest): FakeNetwork[] {
    const external = req.query.get('router:external');
    const name = req.query.get('name');
    return this.networks.filter(
      (n) =>
        (external === null || String(n.external) === external.toLowerCase()) &&
        (name === null || n.name === name),
    );
  }

  #create(req: FakeRequest, token: FakeToken): FakeResponse {
    const spec = requireObject(parseJsonBody(req.body), 'floatingip');
    const networkId = optionalString(spec, 'floating_network_id');
    if (networkId === undefined)
      throw new FakeHttpError(
        400,
        "Failed to parse request. Required attribute 'floating_network_id' not specified",
        {
          neutronType: 'HTTPBadRequest',
        },
      );
    const network = this.networks.find((n) => n.id === networkId);
    if (!network)
      throw new FakeHttpError(404, `Network ${networkId} could not be found.`, {
        neutronType: 'NetworkNotFound',
      });
    if (!network.external) {
      throw new FakeHttpError(
        400,
        `Bad floatingip request: Network ${networkId} is not a valid external network.`,
        { neutronType: 'BadRequest' },
      );
    }
    const quota = neutronProjectQuotas(this.#quotas, token.project!.id).floatingip!;
    if (quota >= 0 && this.#quotas.floatingIpsUsed(token.project!.id) + 1 > quota) {
      throw new FakeHttpError(409, `Quota exceeded for resources: ['floatingip'].`, {
        neutronType: 'OverQuota',
      });
    }
    const now = this.#context.now();
    const fip: FakeFloatingIp = {
      id: newUuid(),
      projectId: token.project!.id,
      address: `172.24.4.${this.#allocateHost()}`,
      networkId,
      portId: null,
      fixedIpAddress: null,
      status: 'DOWN',
      description: optionalString(spec, 'description') ?? '',
      createdAt: now,
      updatedAt: now,
      revision: 0,
    };
    const portId = optionalString(spec, 'port_id');
    if (portId !== undefined) this.#associate(fip, portId, optionalString(spec, 'fixed_ip_address'));
    this.floatingIps.set(fip.id, fip);
    return json(201, { floatingip: floatingIpBody(fip) });
  }

  #update(req: FakeRequest, id: string, token: FakeToken): FakeResponse {
    const fip = this.#floatingIp(id, token);
    const spec = requireObject(parseJsonBody(req.body), 'floatingip');
    if ('port_id' in spec) {
      const portId = spec.port_id;
      if (portId === null) {
        fip.portId = null;
        fip.fixedIpAddress = null;
        fip.status = 'DOWN';
      } else if (typeof portId === 'string') {
        this.#associate(fip, portId, optionalString(spec, 'fixed_ip_address'));
      } else {
        throw new FakeHttpError(400, 'Invalid input for port_id: must be a string or null.', {
          neutronType: 'HTTPBadRequest',
        });
      }
    }
    const description = optionalString(spec, 'description');
    if (description !== undefined) fip.description = description;
    fip.updatedAt = this.#context.now();
    fip.revision++;
    return json(200, { floatingip: floatingIpBody(fip) });
  }

  #associate(fip: FakeFloatingIp, portId: string, fixedIp: string | undefined): void {
    for (const other of this.floatingIps.values()) {
      if (other !== fip && other.portId === portId) {
        throw new FakeHttpError(
          409,
          `Cannot associate floating IP ${fip.address} with port ${portId}: it already has a floating IP.`,
          { neutronType: 'FloatingIPPortAlreadyAssociated' },
        );
      }
    }
    fip.portId = portId;
    fip.fixedIpAddress = fixedIp ?? '10.0.0.5';
    fip.status = 'DOWN';
    this.#context.scheduler.after(this.#context.delay(this.#context.delays.floatingIpActivate), () => {
      if (fip.portId === portId) fip.status = 'ACTIVE';
    });
  }

  #allocateHost(): number {
    const inUse = new Set([...this.floatingIps.values()].map((f) => f.address));
    for (let i = 0; i < 240; i++) {
      const host = this.#nextHost;
      this.#nextHost = this.#nextHost >= 250 ? 10 : this.#nextHost + 1;
      if (!inUse.has(`172.24.4.${host}`)) return host;
    }
    throw new FakeHttpError(409, 'No more IP addresses available on network.', {
      neutronType: 'IpAddressGenerationFailure',
    });
  }

  #floatingIp(id: string, token: FakeToken): FakeFloatingIp {
    const fip = this.floatingIps.get(id);
    if (!fip || fip.projectId !== token.project!.id) {
      throw new FakeHttpError(404, `Floating IP ${id} could not be found`, {
        neutronType: 'FloatingIPNotFound',
      });
    }
    return fip;
  }
}

/** A network's JSON as Neutron 21 (ML2) shows it to a project member, in its key order. */
function networkBody(n: FakeNetwork): Record<string, unknown> {
  return {
    id: n.id,
    name: n.name,
    tenant_id: n.projectId,
    admin_state_up: true,
    mtu: 1450,
    status: 'ACTIVE',
    subnets: [],
    shared: false,
    availability_zone_hints: [],
    availability_zones: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'router:external': n.external,
    description: '',
    port_security_enabled: true,
    is_default: false,
    tags: [],
    created_at: novaTime(n.createdAt),
    updated_at: novaTime(n.createdAt),
    revision_number: 1,
    project_id: n.projectId,
  };
}

function floatingIpBody(f: FakeFloatingIp): Record<string, unknown> {
  return {
    id: f.id,
    floating_ip_address: f.address,
    floating_network_id: f.networkId,
    port_id: f.portId,
    fixed_ip_address: f.fixedIpAddress,
    router_id: f.portId === null ? null : '5b8a3e7c-6d2e-4f55-9d6c-2f7f6f0c0001',
    status: f.status,
    project_id: f.projectId,
    tenant_id: f.projectId,
    description: f.description,
    created_at: novaTime(f.createdAt),
    updated_at: novaTime(f.updatedAt),
    revision_number: f.revision,
    // The associated port's summary (the fake keeps no ports: none to show) and the tags.
    port_details: null,
    tags: [],
  };
}

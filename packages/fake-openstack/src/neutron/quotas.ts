import { FakeHttpError, parseJsonBody, requireObject } from '../fake-context';
import { json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import type { ServiceRoutes } from '../service-handler';

/** Neutron 21's default quotas (neutron.conf `[quotas]`), with the fake's floating IP quota. */
function defaultQuotas(floatingIps: number): Record<string, number> {
  return {
    network: 100,
    subnet: 100,
    subnetpool: -1,
    port: 500,
    router: 10,
    floatingip: floatingIps,
    security_group: 10,
    security_group_rule: 100,
    rbac_policy: 10,
  };
}

/**
 * The extensions the fake serves faithfully (and only those): floating IPs (`router`), external
 * networks, quotas and their details. Rally's cleanup and the `openstack` CLI look here before
 * calling an API.
 */
const EXTENSIONS = [
  {
    alias: 'router',
    name: 'Neutron L3 Router',
    description:
      'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
  },
  {
    alias: 'external-net',
    name: 'Neutron external network',
    description: 'Adds external network attribute to network resource.',
  },
  {
    alias: 'quotas',
    name: 'Quota management support',
    description: 'Expose functions for quotas management per project',
  },
  {
    alias: 'quota_details',
    name: 'Quota details extension',
    description: 'Expose functions for quotas usage statistics per project',
  },
];

/** What the quota routes read of the fake Neutron. */
export interface NeutronQuotaStore {
  /** The configured floating IP quota (the default of every project). */
  floatingIpQuota(): number;
  /** Floating IPs `projectId` holds. */
  floatingIpsUsed(projectId: string): number;
  /** Quotas set per project by `PUT /v2.0/quotas/{project_id}`, over the defaults. */
  overrides: Map<string, Record<string, number>>;
}

/** The effective quotas of `projectId`: Neutron's defaults with the project's own values over them. */
export function neutronProjectQuotas(store: NeutronQuotaStore, projectId: string): Record<string, number> {
  return { ...defaultQuotas(store.floatingIpQuota()), ...store.overrides.get(projectId) };
}

/** Neutron's quotas, per project (show, default, details, update by an admin), and extensions list. */
export function addNeutronQuotaRoutes(routes: ServiceRoutes, store: NeutronQuotaStore): void {
  const visible = (projectId: string, token: FakeToken) => {
    if (projectId !== token.project!.id && !token.roles.includes('admin'))
      throw new FakeHttpError(403, 'Only admin is authorized to access quotas for another tenant', {
        neutronType: 'HTTPForbidden',
      });
  };
  routes
    .add('GET', '/v2.0/quotas/{project_id}', (_req, p, token) => {
      visible(p.project_id!, token);
      return json(200, { quota: neutronProjectQuotas(store, p.project_id!) });
    })
    .add('GET', '/v2.0/quotas/{project_id}/default', (_req, p, token) => {
      visible(p.project_id!, token);
      return json(200, { quota: defaultQuotas(store.floatingIpQuota()) });
    })
    .add('GET', '/v2.0/quotas/{project_id}/details', (_req, p, token) => {
      visible(p.project_id!, token);
      const used: Record<string, number> = { floatingip: store.floatingIpsUsed(p.project_id!) };
      const quota: Record<string, unknown> = {};
      for (const [key, limit] of Object.entries(neutronProjectQuotas(store, p.project_id!)))
        quota[key] = { limit, used: used[key] ?? 0, reserved: 0 };
      return json(200, { quota });
    })
    .add('PUT', '/v2.0/quotas/{project_id}', (req, p, token) => {
      if (!token.roles.includes('admin'))
        throw new FakeHttpError(403, 'rule:update_quota is disallowed by policy', {
          neutronType: 'PolicyNotAuthorized',
        });
      const spec = requireObject(parseJsonBody(req.body), 'quota');
      const known = defaultQuotas(store.floatingIpQuota());
      const override = { ...store.overrides.get(p.project_id!) };
      for (const [key, value] of Object.entries(spec)) {
        if (!(key in known))
          throw new FakeHttpError(400, `Unrecognized attribute(s) '${key}'`, {
            neutronType: 'HTTPBadRequest',
          });
        if (typeof value !== 'number' || !Number.isInteger(value) || value < -1)
          throw new FakeHttpError(
            400,
            `Invalid input for ${key}. Reason: '${String(value)}' is not an integer or is smaller than -1.`,
            { neutronType: 'HTTPBadRequest' },
          );
        override[key] = value;
      }
      store.overrides.set(p.project_id!, override);
      return json(200, { quota: neutronProjectQuotas(store, p.project_id!) });
    })
    .add('GET', '/v2.0/extensions', () =>
      json(200, {
        extensions: EXTENSIONS.map((e) => ({ ...e, updated: '2013-01-20T00:00:00-00:00', links: [] })),
      }),
    )
    .add('GET', '/v2.0/extensions/{alias}', (_req, p) => {
      const found = EXTENSIONS.find((e) => e.alias === p.alias);
      if (!found)
        throw new FakeHttpError(404, `Extension with alias ${p.alias} does not exist`, {
          neutronType: 'HTTPNotFound',
        });
      return json(200, { extension: { ...found, updated: '2013-01-20T00:00:00-00:00', links: [] } });
    });
}

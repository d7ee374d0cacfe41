import { FakeHttpError, parseJsonBody, requireObject } from '../fake-context';
import { type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import { quotaUsages } from '../quota-usage';
import type { ServiceRoutes } from '../service-handler';
import type { NovaState } from './nova-state';
import type { FakeFlavor } from './records';

/** The Nova quotas of one project: the fake's configured defaults, overridden per project by PUT. */
export interface NovaQuotas {
  instances: number;
  cores: number;
  ram: number;
  keyPairs: number;
}

/** The configured defaults (`/defaults` shows them; a project without its own values has them). */
function defaults(state: NovaState): NovaQuotas {
  const { instances, cores, ram, keyPairs } = state.context.quotas;
  return { instances, cores, ram, keyPairs };
}

/** The effective quotas of `projectId`: the defaults with the project's own values over them. */
export function projectQuotas(state: NovaState, projectId: string): NovaQuotas {
  return { ...defaults(state), ...state.quotaOverrides.get(projectId) };
}

/** Nova's quota sets, per project: show, detail (with usage), defaults, update (admin). */
export function addQuotaRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes
    .add('GET', '/os-quota-sets/{project_id}', (_req, p, token, v) =>
      json(200, { quota_set: quotaValues(state, p.project_id!, token, v) }),
    )
    .add('GET', '/os-quota-sets/{project_id}/detail', (_req, p, token, v) =>
      json(200, { quota_set: quotaDetail(state, p.project_id!, token, v) }),
    )
    .add('GET', '/os-quota-sets/{project_id}/defaults', (_req, p, token, v) =>
      json(200, { quota_set: quotaValues(state, p.project_id!, token, v, defaults(state)) }),
    )
    .add('PUT', '/os-quota-sets/{project_id}', (req, p, token, v) =>
      updateQuotaSet(state, req, p.project_id!, token, v),
    );
}

/**
 * 403 (Nova's quota answer) when one more server of `flavor` would exceed the token's project's
 * instances, cores or RAM.
 */
export function checkServerQuota(state: NovaState, token: FakeToken, flavor: FakeFlavor): void {
  const quotas = projectQuotas(state, token.project!.id);
  const usage = state.usage(token.project!.id);
  const over = (limit: number, used: number, want: number) => limit >= 0 && used + want > limit;
  if (over(quotas.instances, usage.instances, 1)) {
    throw new FakeHttpError(
      403,
      `Quota exceeded for instances: Requested 1, but already used ${usage.instances} of ${quotas.instances} instances`,
    );
  }
  if (over(quotas.cores, usage.cores, flavor.vcpus)) {
    throw new FakeHttpError(
      403,
      `Quota exceeded for cores: Requested ${flavor.vcpus}, but already used ${usage.cores} of ${quotas.cores} cores`,
    );
  }
  if (over(quotas.ram, usage.ram, flavor.ram)) {
    throw new FakeHttpError(
      403,
      `Quota exceeded for ram: Requested ${flavor.ram}, but already used ${usage.ram} of ${quotas.ram} ram`,
    );
  }
}

function quotaValues(
  state: NovaState,
  projectId: string,
  token: FakeToken,
  version: number,
  quotas: NovaQuotas = projectQuotas(state, projectId),
): Record<string, unknown> {
  if (projectId !== token.project!.id && !token.roles.includes('admin')) {
    throw new FakeHttpError(403, "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
  }
  const values: Record<string, unknown> = {
    id: projectId,
    instances: quotas.instances,
    cores: quotas.cores,
    ram: quotas.ram,
    key_pairs: quotas.keyPairs,
    metadata_items: 128,
    server_groups: 10,
    server_group_members: 10,
  };
  // Nova's defaults of the keys older microversions show: network ones below 2.36, files below 2.57.
  if (version < 2036) {
    values.floating_ips = 10;
    values.fixed_ips = -1;
    values.security_groups = 10;
    values.security_group_rules = 20;
  }
  if (version < 2057) {
    values.injected_files = 5;
    values.injected_file_content_bytes = 10240;
    values.injected_file_path_bytes = 255;
  }
  return values;
}

function quotaDetail(
  state: NovaState,
  projectId: string,
  token: FakeToken,
  version: number,
): Record<string, unknown> {
  const values = quotaValues(state, projectId, token, version);
  const usage = state.usage(projectId);
  const inUse: Record<string, number> = { ...usage, key_pairs: state.keypairsOf(token).length };
  return { id: projectId, ...quotaUsages(values, inUse) };
}

function updateQuotaSet(
  state: NovaState,
  req: FakeRequest,
  projectId: string,
  token: FakeToken,
  version: number,
): FakeResponse {
  if (!token.roles.includes('admin'))
    throw new FakeHttpError(403, "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.");
  const spec = requireObject(parseJsonBody(req.body), 'quota_set');
  const keys: Record<string, keyof NovaQuotas> = {
    instances: 'instances',
    cores: 'cores',
    ram: 'ram',
    key_pairs: 'keyPairs',
  };
  const override = { ...state.quotaOverrides.get(projectId) };
  for (const [key, value] of Object.entries(spec)) {
    const field = keys[key];
    if (!field) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
      throw new FakeHttpError(400, `Invalid input for field/attribute ${key}. Value: ${String(value)}.`);
    }
    override[field] = value;
  }
  state.quotaOverrides.set(projectId, override);
  const { id: _id, ...values } = quotaValues(state, projectId, token, version);
  return json(200, { quota_set: values });
}

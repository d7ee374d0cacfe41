import { json } from '../fake-request';
import type { ServiceRoutes } from '../service-handler';
import type { NovaState } from './nova-state';

/** Nova's absolute limits: the quotas and what the project uses of them. */
export function addLimitRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes.add('GET', '/limits', (_req, _p, token) => {
    const { quotas } = state.context;
    const usage = state.usage(token);
    const absolute = {
      maxTotalInstances: quotas.instances,
      maxTotalCores: quotas.cores,
      maxTotalRAMSize: quotas.ram,
      maxServerMeta: 128,
      maxTotalKeypairs: quotas.keyPairs,
      maxServerGroups: 10,
      maxServerGroupMembers: 10,
      totalInstancesUsed: usage.instances,
      totalCoresUsed: usage.cores,
      totalRAMUsed: usage.ram,
      totalServerGroupsUsed: 0,
    };
    return json(200, { limits: { rate: [], absolute } });
  });
}

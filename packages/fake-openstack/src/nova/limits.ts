import { json } from '../fake-request';
import type { ServiceRoutes } from '../service-handler';
import type { NovaState } from './nova-state';
import { projectQuotas } from './quotas';

/**
 * Nova's absolute limits: the token's project's quotas and what it uses of them, with the keys of the
 * microversion (network limits below 2.36, image metadata below 2.39, personality below 2.57).
 */
export function addLimitRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes.add('GET', '/limits', (_req, _p, token, version) => {
    const quotas = projectQuotas(state, token.project!.id);
    const usage = state.usage(token.project!.id);
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
    } as Record<string, number>;
    // Below 2.36 the proxied network limits are shown (Nova's defaults; nothing used through them).
    if (version < 2036) {
      absolute.maxSecurityGroupRules = 20;
      absolute.maxSecurityGroups = 10;
      absolute.maxTotalFloatingIps = 10;
      absolute.totalFloatingIpsUsed = 0;
      absolute.totalSecurityGroupsUsed = 0;
    }
    if (version < 2039) absolute.maxImageMeta = 128;
    if (version < 2057) {
      absolute.maxPersonality = 5;
      absolute.maxPersonalitySize = 10240;
    }
    return json(200, { limits: { rate: [], absolute } });
  });
}

import type { Trace } from '@track/core';
import type { Manager } from '@track/openstack-clients';

/** One Trace decorates every client of the manager. */
export function setUpTracking(trace: Trace, manager: Manager): void {
  for (const client of Object.values(manager.clients())) trace.decorate(client);
}

import type { FakeCloud } from '@track/fake-openstack';
import { Manager } from '@track/openstack-clients';
import { afterEach } from 'vitest';

/**
 * For a test file: a function that opens a Manager on a fake cloud (waiters polling every 1 ms),
 * and an `afterEach` that closes every Manager the test opened.
 */
export function managersClosedAfterEach(): (fake: FakeCloud) => Manager {
  const open: Manager[] = [];
  afterEach(async () => {
    for (const manager of open.splice(0)) await manager.close();
  });
  return (fake) => {
    const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
    open.push(manager);
    return manager;
  };
}

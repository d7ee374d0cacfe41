/**
 * Runnable example: a Manager over the in-process fake cloud, every client traced, one volume
 * created, waited for, deleted. Run: `node --import tsx examples/trace-a-volume.ts` in this package.
 */
import { Trace } from '@track/core';
import { FakeCloud } from '@track/fake-openstack';
import { Manager } from '../src/index';

const fake = new FakeCloud({ timeScale: 0.01 }); // OpenStack-like delays, 100x faster
const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 10 } } });
const trace = new Trace();
for (const client of Object.values(manager.clients())) trace.decorate(client);

const { volumesClient } = manager;
const volume = await volumesClient.createVolume({ size: 1, name: 'track-example' });
await volumesClient.waitForVolumeStatus(volume.id, 'available');
await volumesClient.deleteVolume(volume.id);
await volumesClient.waitForResourceDeletion(volume.id); // its final NotFound is a pass
await volumesClient
  .getVolume(volume.id)
  .catch((error: Error) => console.info(`expected: ${error.name}: ${error.message}`));

trace.stats.log();
console.info(`live volumes left: ${fake.resources().volumes.length}`);

import { cleanUpEntries } from '../run/cleanup';
import type { JournalEntry } from '../run/resource-journal';
import {
  attachVolume,
  createActiveServer,
  createAvailableSnapshot,
  createAvailableVolume,
  deleteServer,
  deleteSnapshot,
  deleteVolume,
  detachVolume,
  ensureActiveServer,
  ensureAvailableVolume,
  withCleanup,
} from './resource-steps';
import { numberArg, type Scenario, type ScenarioContext } from './scenario';

export const volumeCreateDelete: Scenario = {
  name: 'volume-create-delete',
  description: 'create a volume, wait available, delete it, wait until it is gone',
  iteration: (context) =>
    withCleanup(context, async (owned) => {
      const { entry } = await createAvailableVolume(context, owned, numberArg(context, 'size', 1));
      await deleteVolume(context, entry);
    }),
};

export const volumeAttachDelete: Scenario = {
  name: 'volume-attach-delete',
  needsServers: true,
  description:
    'create a volume and a server, attach, wait in-use, delete the server, wait termination, delete the volume',
  iteration: (context) =>
    withCleanup(context, async (owned) => {
      const [{ entry: volume }, server] = await Promise.all([
        createAvailableVolume(context, owned, numberArg(context, 'size', 1)),
        createActiveServer(context, owned),
      ]);
      await attachVolume(context, server, volume);
      await deleteServer(context, server);
      await context.manager.volumesClient.waitForVolumeStatus(volume.id!, 'available', {
        signal: context.signal,
      });
      await deleteVolume(context, volume);
    }),
};

/**
 * Attach/detach on the slot's long-lived server and volume. After a failed iteration (or a failed
 * setUp) the next one first restores them: waits for transitions, detaches, and re-creates what is
 * gone or broken, so one fault does not fail every later iteration.
 */
export const volumeAttachVerify: Scenario = {
  name: 'volume-attach-verify',
  needsServers: true,
  description: 'repeatedly attach and detach a volume on a long-lived server',
  async setUp(context) {
    await restoreAttachVerify(context);
  },
  async iteration(context) {
    if (context.state.needsRestore !== false) await restoreAttachVerify(context);
    const server = context.state.server as JournalEntry;
    const volume = context.state.volume as JournalEntry;
    try {
      await attachVolume(context, server, volume);
      await context.manager.serversClient.listVolumeAttachments(server.id!);
      await detachVolume(context, server, volume);
    } catch (error) {
      context.state.needsRestore = true;
      throw error;
    }
  },
  async tearDown(context) {
    const entries = [context.state.server, context.state.volume].filter(
      (e): e is JournalEntry => e !== undefined && context.journal.has(e as JournalEntry),
    );
    await cleanUpEntries(context.manager, context.journal, entries, { signal: context.signal });
  },
};

/** Brings the slot's server to ACTIVE and its volume to available and detached (see above). */
async function restoreAttachVerify(context: ScenarioContext): Promise<void> {
  context.state.needsRestore = true;
  const server = await ensureActiveServer(context, 'server');
  await ensureAvailableVolume(context, server, 'volume', numberArg(context, 'size', 1));
  context.state.needsRestore = false;
}

export const snapshotCreateDelete: Scenario = {
  name: 'snapshot-create-delete',
  description: 'create a volume, create, get, list and delete snapshots of it, delete the volume',
  iteration: (context) =>
    withCleanup(context, async (owned) => {
      const { entry: volume } = await createAvailableVolume(context, owned, numberArg(context, 'size', 1));
      const snapshots = numberArg(context, 'snapshots', 1);
      for (let i = 0; i < snapshots; i++) {
        const snapshot = await createAvailableSnapshot(context, volume, owned);
        await context.manager.snapshotsClient.getSnapshot(snapshot.id!);
        await context.manager.snapshotsClient.listSnapshots({ volumeId: volume.id! });
        await deleteSnapshot(context, snapshot);
      }
      await deleteVolume(context, volume);
    }),
};

/** Read-only calls: the list and get traffic of a busy cloud. */
export const listAndGet: Scenario = {
  name: 'list-and-get',
  description: 'list volumes (summary and detail), snapshots and volume types, and read the limits',
  async iteration(context) {
    const { volumesClient, snapshotsClient, volumeTypesClient, volumeLimitsClient } = context.manager;
    await volumesClient.listVolumes({ limit: 20 });
    await volumesClient.listVolumesDetail({ limit: 20 });
    await snapshotsClient.listSnapshots({ limit: 20 });
    await volumeTypesClient.listVolumeTypes();
    await volumeLimitsClient.showLimits();
  },
};

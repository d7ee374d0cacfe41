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
} from './resource-steps';
import { numberArg, type Scenario, type ScenarioContext } from './scenario';

/** Runs `body`; whatever it created and did not delete is cleaned up, also after a failure. */
async function withCleanup(
  context: ScenarioContext,
  body: (entries: JournalEntry[]) => Promise<void>,
): Promise<void> {
  const entries: JournalEntry[] = [];
  try {
    await body(entries);
  } finally {
    const left = entries.filter((e) => context.journal.pending().includes(e));
    if (left.length > 0) await cleanUpEntries(context.manager, context.journal, left);
  }
}

export const volumeCreateDelete: Scenario = {
  name: 'volume-create-delete',
  description: 'create a volume, wait available, delete it, wait until it is gone',
  iteration: (context) =>
    withCleanup(context, async (entries) => {
      const { entry } = await createAvailableVolume(context, numberArg(context, 'size', 1));
      entries.push(entry);
      await deleteVolume(context, entry);
    }),
};

export const volumeAttachDelete: Scenario = {
  name: 'volume-attach-delete',
  needsServers: true,
  description:
    'create a volume and a server, attach, wait in-use, delete the server, wait termination, delete the volume',
  iteration: (context) =>
    withCleanup(context, async (entries) => {
      const [{ entry: volume }, server] = await Promise.all([
        createAvailableVolume(context, numberArg(context, 'size', 1)),
        createActiveServer(context),
      ]);
      entries.push(volume, server);
      await attachVolume(context, server, volume);
      await deleteServer(context, server);
      await context.manager.volumesClient.waitForVolumeStatus(volume.id!, 'available', {
        signal: context.signal,
      });
      await deleteVolume(context, volume);
    }),
};

export const volumeAttachVerify: Scenario = {
  name: 'volume-attach-verify',
  needsServers: true,
  description: 'repeatedly attach and detach a volume on a long-lived server',
  async setUp(context) {
    const server = await createActiveServer(context);
    context.state.server = server;
    const { entry } = await createAvailableVolume(context, numberArg(context, 'size', 1));
    context.state.volume = entry;
  },
  async iteration(context) {
    const server = context.state.server as JournalEntry;
    const volume = context.state.volume as JournalEntry;
    await attachVolume(context, server, volume);
    await context.manager.serversClient.listVolumeAttachments(server.id!);
    await detachVolume(context, server, volume);
  },
  async tearDown(context) {
    const entries = [context.state.server, context.state.volume].filter(
      (e): e is JournalEntry => e !== undefined,
    );
    await cleanUpEntries(context.manager, context.journal, entries);
  },
};

export const snapshotCreateDelete: Scenario = {
  name: 'snapshot-create-delete',
  description: 'create a volume, create, get, list and delete snapshots of it, delete the volume',
  iteration: (context) =>
    withCleanup(context, async (entries) => {
      const { entry: volume } = await createAvailableVolume(context, numberArg(context, 'size', 1));
      entries.push(volume);
      const snapshots = numberArg(context, 'snapshots', 1);
      for (let i = 0; i < snapshots; i++) {
        const snapshot = await createAvailableSnapshot(context, volume);
        entries.push(snapshot);
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

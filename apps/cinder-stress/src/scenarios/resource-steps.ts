import type { Volume } from '@track/openstack-clients';
import type { JournalEntry } from '../run/resource-journal';
import type { ScenarioContext } from './scenario';

/**
 * The steps scenarios are made of. Every create records the name in the journal first; every
 * delete waits for the resource to be gone and then drops it from the journal.
 */

export async function createAvailableVolume(
  context: ScenarioContext,
  size = 1,
): Promise<{ entry: JournalEntry; volume: Volume }> {
  const { volumesClient } = context.manager;
  const entry = context.journal.reserve('volume');
  const created = await volumesClient.createVolume({
    size,
    name: entry.name,
    metadata: { 'track-run': context.journal.runId },
  });
  context.journal.created(entry, created.id);
  const volume = await volumesClient.waitForVolumeStatus(created.id, 'available', { signal: context.signal });
  return { entry, volume };
}

export async function deleteVolume(context: ScenarioContext, entry: JournalEntry): Promise<void> {
  const { volumesClient } = context.manager;
  await volumesClient.deleteVolume(entry.id!);
  await volumesClient.waitForResourceDeletion(entry.id!, { signal: context.signal });
  context.journal.deleted(entry);
}

export async function createActiveServer(context: ScenarioContext): Promise<JournalEntry> {
  const { serversClient } = context.manager;
  const entry = context.journal.reserve('server');
  const created = await serversClient.createServer({
    name: entry.name,
    flavorRef: context.compute.flavorRef,
    imageRef: context.compute.imageRef,
    ...(context.compute.networks ? { networks: context.compute.networks } : {}),
    metadata: { 'track-run': context.journal.runId },
  });
  context.journal.created(entry, created.id);
  await serversClient.waitForServerStatus(created.id, 'ACTIVE', { signal: context.signal });
  return entry;
}

export async function deleteServer(context: ScenarioContext, entry: JournalEntry): Promise<void> {
  const { serversClient } = context.manager;
  await serversClient.deleteServer(entry.id!);
  await serversClient.waitForServerTermination(entry.id!, { signal: context.signal });
  context.journal.deleted(entry);
}

/** Tempest's attach: POST, then the attachment, then in-use. */
export async function attachVolume(
  context: ScenarioContext,
  server: JournalEntry,
  volume: JournalEntry,
): Promise<void> {
  const { serversClient, volumesClient } = context.manager;
  await serversClient.attachVolume(server.id!, { volumeId: volume.id! });
  await volumesClient.waitForVolumeAttachmentCreate(volume.id!, server.id!, { signal: context.signal });
  await volumesClient.waitForVolumeStatus(volume.id!, 'in-use', { signal: context.signal });
}

/** Tempest's detach: only an in-use volume, then the server's list, then available. */
export async function detachVolume(
  context: ScenarioContext,
  server: JournalEntry,
  volume: JournalEntry,
): Promise<void> {
  const { serversClient, volumesClient } = context.manager;
  const current = await volumesClient.getVolume(volume.id!);
  if (current.status === 'in-use') await serversClient.detachVolume(server.id!, volume.id!);
  await serversClient.waitForVolumeAttachmentRemoveFromServer(server.id!, volume.id!, {
    signal: context.signal,
  });
  await volumesClient.waitForVolumeStatus(volume.id!, 'available', { signal: context.signal });
}

export async function createAvailableSnapshot(
  context: ScenarioContext,
  volume: JournalEntry,
): Promise<JournalEntry> {
  const { snapshotsClient } = context.manager;
  const entry = context.journal.reserve('snapshot');
  const created = await snapshotsClient.createSnapshot({
    volumeId: volume.id!,
    name: entry.name,
    force: true,
  });
  context.journal.created(entry, created.id);
  await snapshotsClient.waitForSnapshotStatus(created.id, 'available', { signal: context.signal });
  return entry;
}

export async function deleteSnapshot(context: ScenarioContext, entry: JournalEntry): Promise<void> {
  const { snapshotsClient } = context.manager;
  await snapshotsClient.deleteSnapshot(entry.id!);
  await snapshotsClient.waitForResourceDeletion(entry.id!, { signal: context.signal });
  context.journal.deleted(entry);
}

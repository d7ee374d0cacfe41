import {
  ConnectionError,
  NotFound,
  OpenStackError,
  RequestTimeout,
  type Volume,
} from '@track/openstack-clients';
import { cleanUpEntries } from '../run/cleanup';
import type { JournalEntry, ResourceKind } from '../run/resource-journal';
import type { ScenarioContext } from './scenario';

/**
 * The steps scenarios are made of. Every create records the name in the journal first and hands the
 * entry to the caller's `owned` list before the create is sent, so whatever the iteration leaves
 * (also after a failed wait) is deleted by its cleanup; every delete waits for the resource to be
 * gone and then drops it from the journal.
 */

/** Metadata every resource of the run carries; `cleanup` requires it beside the name pattern. */
export function runMetadata(context: ScenarioContext): Record<string, string> {
  return { 'track-run': context.journal.runId };
}

/**
 * True when a create failed before it could have created anything: it was never sent (no token
 * could be had) or the API refused it with a 4xx. A 5xx, a
 * timeout or a lost connection may still have created the resource: those entries stay journaled.
 */
export function isCreateRefused(error: unknown): boolean {
  if (!(error instanceof OpenStackError)) return false;
  if (error instanceof ConnectionError || error instanceof RequestTimeout) return false;
  if (error.url?.includes('/auth/tokens')) return true;
  return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 408;
}

/**
 * Reserves a name of `kind`, adds the entry to `owned`, sends the create and records the id. A
 * refused or unsent create ({@link isCreateRefused}) is dropped from the journal at once.
 */
export async function createTracked<T extends { id: string }>(
  context: ScenarioContext,
  kind: ResourceKind,
  owned: JournalEntry[],
  send: (name: string) => Promise<T>,
): Promise<{ entry: JournalEntry; created: T }> {
  const entry = context.journal.reserve(kind);
  owned.push(entry);
  let created: T;
  try {
    created = await send(entry.name);
  } catch (error) {
    if (isCreateRefused(error)) context.journal.deleted(entry);
    else context.journal.createFailed(entry, error);
    throw error;
  }
  context.journal.created(entry, created.id);
  return { entry, created };
}

/**
 * Runs `body` with a fresh list of what it creates; whatever of it still exists afterwards (also
 * after a failure) is deleted. What even that cleanup cannot delete is abandoned to the journal, for
 * a slot to retry between iterations.
 */
export async function withCleanup(
  context: ScenarioContext,
  body: (owned: JournalEntry[]) => Promise<void>,
): Promise<void> {
  const owned: JournalEntry[] = [];
  try {
    await body(owned);
  } finally {
    const left = owned.filter((e) => context.journal.has(e));
    if (left.length > 0) {
      await cleanUpEntries(context.manager, context.journal, left, { signal: context.signal });
      for (const entry of left) context.journal.abandon(entry);
    }
  }
}

export async function createAvailableVolume(
  context: ScenarioContext,
  owned: JournalEntry[],
  size = 1,
): Promise<{ entry: JournalEntry; volume: Volume }> {
  const { volumesClient } = context.manager;
  const { entry, created } = await createTracked(context, 'volume', owned, (name) =>
    volumesClient.createVolume({ size, name, metadata: runMetadata(context) }),
  );
  const volume = await volumesClient.waitForVolumeStatus(created.id, 'available', { signal: context.signal });
  return { entry, volume };
}

export async function deleteVolume(context: ScenarioContext, entry: JournalEntry): Promise<void> {
  const { volumesClient } = context.manager;
  await volumesClient.deleteVolume(entry.id!);
  await volumesClient.waitForResourceDeletion(entry.id!, { signal: context.signal });
  context.journal.deleted(entry);
}

export async function createActiveServer(
  context: ScenarioContext,
  owned: JournalEntry[],
): Promise<JournalEntry> {
  const { serversClient } = context.manager;
  const { entry, created } = await createTracked(context, 'server', owned, (name) =>
    serversClient.createServer({
      name,
      flavorRef: context.compute.flavorRef,
      imageRef: context.compute.imageRef,
      ...(context.compute.networks ? { networks: context.compute.networks } : {}),
      metadata: runMetadata(context),
    }),
  );
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
  owned: JournalEntry[],
): Promise<JournalEntry> {
  const { snapshotsClient } = context.manager;
  const { entry, created } = await createTracked(context, 'snapshot', owned, (name) =>
    snapshotsClient.createSnapshot({
      volumeId: volume.id!,
      name,
      force: true,
      metadata: runMetadata(context),
    }),
  );
  await snapshotsClient.waitForSnapshotStatus(created.id, 'available', { signal: context.signal });
  return entry;
}

export async function deleteSnapshot(context: ScenarioContext, entry: JournalEntry): Promise<void> {
  const { snapshotsClient } = context.manager;
  await snapshotsClient.deleteSnapshot(entry.id!);
  await snapshotsClient.waitForResourceDeletion(entry.id!, { signal: context.signal });
  context.journal.deleted(entry);
}

/** `getX(id)`, or undefined when the resource is gone (404). */
async function unlessGone<T>(get: Promise<T>): Promise<T | undefined> {
  try {
    return await get;
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}

/**
 * Deletes the slot's `state[key]` resource when it still may exist; throws when that fails, so the
 * broken resource is never dropped from view while it lives.
 */
async function discard(context: ScenarioContext, key: string): Promise<void> {
  const entry = context.state[key] as JournalEntry | undefined;
  if (entry !== undefined && context.journal.has(entry)) {
    await cleanUpEntries(context.manager, context.journal, [entry], { signal: context.signal });
    if (context.journal.has(entry))
      throw new Error(`Could not delete the broken ${entry.kind} ${entry.name}; trying again next iteration`);
  }
  context.state[key] = undefined;
}

/** Creates a replacement for `state[key]`; the entry is kept in the state even when its wait fails. */
async function replace(
  context: ScenarioContext,
  key: string,
  create: (owned: JournalEntry[]) => Promise<JournalEntry>,
): Promise<JournalEntry> {
  await discard(context, key);
  const owned: JournalEntry[] = [];
  try {
    return await create(owned);
  } finally {
    const entry = owned[0];
    context.state[key] = entry !== undefined && context.journal.has(entry) ? entry : undefined;
  }
}

/**
 * Makes `context.state[key]` an ACTIVE server of this slot: keeps it when ACTIVE, waits while it
 * builds, and replaces it (deleting the old one first) when it is gone, in ERROR or another state,
 * or its create answer was lost. Throws when that fails; the next call picks up where it stopped.
 */
export async function ensureActiveServer(context: ScenarioContext, key = 'server'): Promise<JournalEntry> {
  const { serversClient } = context.manager;
  const current = context.state[key] as JournalEntry | undefined;
  if (current?.id !== undefined && context.journal.has(current)) {
    const server = await unlessGone(serversClient.getServer(current.id));
    if (server === undefined) context.journal.deleted(current);
    else if (server.status === 'ACTIVE') return current;
    else if (server.status === 'BUILD') {
      await serversClient.waitForServerStatus(current.id, 'ACTIVE', { signal: context.signal });
      return current;
    }
  }
  return replace(context, key, (owned) => createActiveServer(context, owned));
}

/** Volume statuses that settle by themselves, and the status each settles in. */
const SETTLING: Record<string, string> = {
  creating: 'available',
  detaching: 'available',
  attaching: 'in-use',
};

/**
 * Makes `context.state[key]` an available, detached volume of this slot: waits for a transition to
 * finish, detaches it from whatever server holds it, and replaces it when it is gone, in an error
 * status or its create answer was lost. Throws when that fails; the next call tries again.
 */
export async function ensureAvailableVolume(
  context: ScenarioContext,
  server: JournalEntry,
  key = 'volume',
  size = 1,
): Promise<JournalEntry> {
  const { volumesClient, serversClient } = context.manager;
  const current = context.state[key] as JournalEntry | undefined;
  if (current?.id !== undefined && context.journal.has(current)) {
    const id = current.id;
    let volume = await unlessGone(volumesClient.getVolume(id));
    if (volume === undefined) context.journal.deleted(current);
    else {
      const settlesIn = SETTLING[volume.status];
      if (settlesIn !== undefined)
        volume = await volumesClient.waitForVolumeStatus(id, settlesIn, { signal: context.signal });
      if (volume.status === 'available' && volume.attachments.length === 0) return current;
      if (volume.status === 'in-use' || volume.attachments.length > 0) {
        for (const attachment of volume.attachments) {
          if (attachment.serverId === server.id) await detachVolume(context, server, current);
          else await unlessGone(serversClient.detachVolume(attachment.serverId, id));
        }
        await volumesClient.waitForVolumeStatus(id, 'available', { signal: context.signal });
        return current;
      }
    }
  }
  return replace(context, key, async (owned) => (await createAvailableVolume(context, owned, size)).entry);
}

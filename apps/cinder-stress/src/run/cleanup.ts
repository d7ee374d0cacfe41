import { type Manager, NotFound } from '@track/openstack-clients';
import {
  DELETE_ORDER,
  type JournalEntry,
  NAME_PREFIX,
  type ResourceJournal,
  type ResourceKind,
} from './resource-journal';

/** Tries per resource before cleanup gives up on it (and reports it as possibly left). */
const CLEANUP_ATTEMPTS = 3;

/** The outcome of a cleanup. */
export interface CleanupReport {
  removed: { kind: ResourceKind; name: string; id: string }[];
  failed: { kind: ResourceKind; name: string; id?: string; reason: string }[];
}

/**
 * Deletes `entries` in dependency order (servers, which detaches their volumes; snapshots; volumes),
 * waiting for each to be gone. An entry without an id (its create answer was lost) is looked up by
 * its name. Errors are collected, never thrown.
 */
export async function cleanUpEntries(
  manager: Manager,
  journal: ResourceJournal | undefined,
  entries: readonly JournalEntry[],
  options: { signal?: AbortSignal } = {},
): Promise<CleanupReport> {
  const report: CleanupReport = { removed: [], failed: [] };
  for (const kind of DELETE_ORDER) {
    const ofKind = entries.filter((e) => e.kind === kind);
    await Promise.all(
      ofKind.map(async (entry) => {
        // A failed delete (a 5xx, a transition still running) is tried again, up to three times.
        let lastError: unknown;
        for (let attempt = 1; attempt <= CLEANUP_ATTEMPTS; attempt++) {
          try {
            const id = entry.id ?? (await findIdByName(manager, kind, entry.name));
            if (id === undefined) {
              journal?.deleted(entry);
              return;
            }
            await deleteAndWait(manager, kind, id, options.signal);
            journal?.deleted(entry);
            report.removed.push({ kind, name: entry.name, id });
            return;
          } catch (error) {
            lastError = error;
            if (options.signal?.aborted) break;
            await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          }
        }
        report.failed.push({
          kind,
          name: entry.name,
          ...(entry.id ? { id: entry.id } : {}),
          reason: (lastError as Error).message,
        });
      }),
    );
  }
  return report;
}

async function deleteAndWait(
  manager: Manager,
  kind: ResourceKind,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  const wait = signal ? { signal } : {};
  try {
    if (kind === 'server') {
      await manager.serversClient.deleteServer(id);
      await manager.serversClient.waitForServerTermination(id, wait);
    } else if (kind === 'snapshot') {
      const snapshot = await manager.snapshotsClient.getSnapshot(id);
      // Cinder deletes only available or error snapshots: let a create finish first.
      if (snapshot.status === 'creating')
        await manager.snapshotsClient.waitForSnapshotStatus(id, 'available', wait).catch(() => undefined);
      if (snapshot.status !== 'deleting') await manager.snapshotsClient.deleteSnapshot(id);
      await manager.snapshotsClient.waitForResourceDeletion(id, wait);
    } else {
      const volume = await manager.volumesClient.getVolume(id);
      if (['creating', 'attaching', 'detaching', 'reserved', 'extending'].includes(volume.status)) {
        // Let a transition finish before deleting (Cinder refuses deletes in these states).
        await manager.volumesClient
          .waitForVolumeStatus(id, volume.attachments.length > 0 ? 'in-use' : 'available', wait)
          .catch(() => undefined);
      }
      const current = await manager.volumesClient.getVolume(id);
      for (const attachment of current.attachments) {
        await manager.serversClient.detachVolume(attachment.serverId, id).catch(() => undefined);
      }
      if (current.attachments.length > 0)
        await manager.volumesClient.waitForVolumeStatus(id, 'available', wait);
      if (current.status !== 'deleting') await manager.volumesClient.deleteVolume(id, { cascade: true });
      await manager.volumesClient.waitForResourceDeletion(id, wait);
    }
  } catch (error) {
    if (error instanceof NotFound) return;
    throw error;
  }
}

async function findIdByName(manager: Manager, kind: ResourceKind, name: string): Promise<string | undefined> {
  if (kind === 'server')
    return (await manager.serversClient.listServers({ name: `^${name}$` })).find((s) => s.name === name)?.id;
  if (kind === 'snapshot')
    return (await manager.snapshotsClient.listSnapshots({ name })).find((s) => s.name === name)?.id;
  return (await manager.volumesClient.listVolumes({ name })).find((v) => v.name === name)?.id;
}

/** Every resource named by this tool (`track-`), or by one run (`track-<runId>-`), on the cloud. */
export async function findToolResources(manager: Manager, runId?: string): Promise<JournalEntry[]> {
  const prefix = runId ? `${NAME_PREFIX}${runId}-` : NAME_PREFIX;
  const ours = (name: string | null): name is string =>
    name !== null && name.startsWith(prefix) && /^track-[a-z0-9]+-(server|snapshot|volume)-\d+$/.test(name);
  const [servers, snapshots, volumes] = await Promise.all([
    manager.serversClient.listServers(),
    manager.snapshotsClient.listSnapshots(),
    manager.volumesClient.listVolumes(),
  ]);
  return [
    ...servers.filter((s) => ours(s.name)).map((s) => ({ kind: 'server' as const, name: s.name, id: s.id })),
    ...snapshots
      .filter((s) => ours(s.name))
      .map((s) => ({ kind: 'snapshot' as const, name: s.name!, id: s.id })),
    ...volumes.filter((v) => ours(v.name)).map((v) => ({ kind: 'volume' as const, name: v.name!, id: v.id })),
  ];
}

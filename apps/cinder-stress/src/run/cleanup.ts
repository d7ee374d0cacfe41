import {
  ConnectionError,
  type Manager,
  NotFound,
  OverLimit,
  RequestTimeout,
  ServerFault,
} from '@track/openstack-clients';
import { DELETE_ORDER, type JournalEntry, type ResourceJournal, type ResourceKind } from './resource-journal';

/** Tries per resource before cleanup gives up on it (and reports it as possibly left). */
const CLEANUP_ATTEMPTS = 4;
/** Tries of one call or one wait that failed transiently (5xx, timeout, lost connection, rate limit). */
const CALL_ATTEMPTS = 5;
/**
 * Deletions in flight at once. Bounds the load on the cloud and the abort listeners on the caller's
 * signal (every wait sleeps on it: hundreds at once raised MaxListenersExceededWarning).
 */
export const CLEANUP_CONCURRENCY = 8;

/** The outcome of a cleanup. */
export interface CleanupReport {
  removed: { kind: ResourceKind; name: string; id: string }[];
  failed: { kind: ResourceKind; name: string; id?: string; reason: string }[];
}

/** Options of {@link cleanUpEntries}. */
export interface CleanupOptions {
  /** Stops waiting and retrying when aborted. */
  signal?: AbortSignal;
  /** Tries per resource (default 4); each call inside a try is itself retried on transient errors. */
  attempts?: number;
}

/** True for failures worth another try: 5xx, timeouts, lost connections, rate limits (not quota). */
export function isTransient(error: unknown): boolean {
  if (error instanceof OverLimit) return (error.retryAfter ?? 0) > 0;
  return error instanceof ServerFault || error instanceof RequestTimeout || error instanceof ConnectionError;
}

/** Waits `ms`; resolves early (never rejects) when `signal` aborts, and leaves no listener behind. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `call`, again after a short pause when it fails transiently (at most {@link CALL_ATTEMPTS} tries). */
async function retryTransient<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || attempt >= CALL_ATTEMPTS || signal?.aborted) throw error;
      await pause(25 * attempt, signal);
    }
  }
}

/**
 * Deletes `entries` in dependency order (servers, which detaches their volumes; snapshots; volumes),
 * waiting for each to be gone, {@link CLEANUP_CONCURRENCY} at a time. An entry without an id (its
 * create answer was lost) is looked up by its name; one not found was never created and is dropped
 * from the journal. Errors are collected, never thrown.
 */
export async function cleanUpEntries(
  manager: Manager,
  journal: ResourceJournal | undefined,
  entries: readonly JournalEntry[],
  options: CleanupOptions = {},
): Promise<CleanupReport> {
  const report: CleanupReport = { removed: [], failed: [] };
  const attempts = options.attempts ?? CLEANUP_ATTEMPTS;
  for (const kind of DELETE_ORDER) {
    const queue = entries.filter((e) => e.kind === kind);
    const lane = async () => {
      for (let entry = queue.shift(); entry !== undefined; entry = queue.shift())
        await cleanUpEntry(manager, journal, entry, attempts, report, options.signal);
    };
    await Promise.all(Array.from({ length: Math.min(CLEANUP_CONCURRENCY, queue.length) }, lane));
  }
  return report;
}

async function cleanUpEntry(
  manager: Manager,
  journal: ResourceJournal | undefined,
  entry: JournalEntry,
  attempts: number,
  report: CleanupReport,
  signal: AbortSignal | undefined,
): Promise<void> {
  let lastError: unknown;
  // Found by name once, kept: a later attempt must not take "gone" (deleted by an earlier attempt
  // whose wait failed) for "never created", or the removal would go unreported.
  let foundId = entry.id;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      foundId ??= await retryTransient(() => findIdByName(manager, entry.kind, entry.name), signal);
      const id = foundId;
      if (id === undefined) {
        journal?.deleted(entry);
        return;
      }
      await deleteAndWait(manager, entry.kind, id, signal);
      journal?.deleted(entry);
      report.removed.push({ kind: entry.kind, name: entry.name, id });
      return;
    } catch (error) {
      lastError = error;
      if (signal?.aborted) break;
      // A transition still running (409, 400 "status must be ...") or a burst of faults: wait a bit.
      await pause(Math.min(2000, 100 * 2 ** (attempt - 1)), signal);
    }
  }
  report.failed.push({
    kind: entry.kind,
    name: entry.name,
    ...(entry.id ? { id: entry.id } : {}),
    reason: (lastError as Error)?.message ?? String(lastError),
  });
}

/**
 * Retries what iterations could not delete ({@link ResourceJournal.abandon}), up to `max` entries;
 * those still left are abandoned again for a later sweep. Never throws.
 */
export async function sweepAbandoned(
  manager: Manager,
  journal: ResourceJournal,
  options: { signal?: AbortSignal; max?: number } = {},
): Promise<number> {
  const taken = journal.takeAbandoned(options.max ?? CLEANUP_CONCURRENCY);
  if (taken.length === 0) return 0;
  const report = await cleanUpEntries(manager, journal, taken, {
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for (const entry of taken) journal.abandon(entry);
  return report.removed.length;
}

async function deleteAndWait(
  manager: Manager,
  kind: ResourceKind,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  const wait = signal ? { signal } : {};
  const call = <T>(fn: () => Promise<T>) => retryTransient(fn, signal);
  try {
    if (kind === 'server') {
      await call(() => manager.serversClient.deleteServer(id));
      await call(() => manager.serversClient.waitForServerTermination(id, wait));
    } else if (kind === 'snapshot') {
      const snapshot = await call(() => manager.snapshotsClient.getSnapshot(id));
      // Cinder deletes only available or error snapshots: let a create finish first.
      if (snapshot.status === 'creating')
        await call(() => manager.snapshotsClient.waitForSnapshotStatus(id, 'available', wait)).catch(
          () => undefined,
        );
      if (snapshot.status !== 'deleting') await call(() => manager.snapshotsClient.deleteSnapshot(id));
      await call(() => manager.snapshotsClient.waitForResourceDeletion(id, wait));
    } else {
      const volume = await call(() => manager.volumesClient.getVolume(id));
      if (['creating', 'attaching', 'detaching', 'reserved', 'extending'].includes(volume.status)) {
        // Let a transition finish before deleting (Cinder refuses deletes in these states).
        await call(() => manager.volumesClient.waitForVolumeStatus(id, settledStatusOf(volume), wait)).catch(
          () => undefined,
        );
      }
      const current = await call(() => manager.volumesClient.getVolume(id));
      for (const attachment of current.attachments) {
        await call(() => manager.serversClient.detachVolume(attachment.serverId, id)).catch(() => undefined);
      }
      if (current.attachments.length > 0)
        await call(() => manager.volumesClient.waitForVolumeStatus(id, 'available', wait));
      if (current.status !== 'deleting')
        await call(() => manager.volumesClient.deleteVolume(id, { cascade: true }));
      await call(() => manager.volumesClient.waitForResourceDeletion(id, wait));
    }
  } catch (error) {
    if (error instanceof NotFound) return;
    throw error;
  }
}

/**
 * The status a volume in transition settles in. A detaching volume still lists the attachment it is
 * losing (its server may already be gone), so it settles `available`, not `in-use`.
 */
export function settledStatusOf(volume: { status: string; attachments: readonly unknown[] }): string {
  if (volume.status === 'detaching') return 'available';
  if (volume.status === 'attaching' || volume.status === 'reserved') return 'in-use';
  return volume.attachments.length > 0 ? 'in-use' : 'available';
}

async function findIdByName(manager: Manager, kind: ResourceKind, name: string): Promise<string | undefined> {
  if (kind === 'server')
    return (await manager.serversClient.listServers({ name: `^${name}$` })).find((s) => s.name === name)?.id;
  if (kind === 'snapshot')
    return (await manager.snapshotsClient.listSnapshots({ name })).find((s) => s.name === name)?.id;
  return (await manager.volumesClient.listVolumes({ name })).find((v) => v.name === name)?.id;
}

/**
 * Every resource of this tool (`track-` names), or of one run (`track-<runId>-`), on the cloud. A
 * resource must carry both the full name pattern and the `track-run` metadata of the run its name
 * names (servers, volumes and snapshots all take metadata), so a look-alike name alone is not enough.
 */
export async function findToolResources(manager: Manager, runId?: string): Promise<JournalEntry[]> {
  const [servers, snapshots, volumes] = await Promise.all([
    manager.serversClient.listServersDetail(),
    manager.snapshotsClient.listSnapshotsDetail(),
    manager.volumesClient.listVolumesDetail(),
  ]);
  const ours = (r: { name: string | null; metadata?: Record<string, string> }): r is { name: string } =>
    isToolResource(r, runId);
  return [
    ...servers.filter(ours).map((s) => ({ kind: 'server' as const, name: s.name, id: s.id })),
    ...snapshots.filter(ours).map((s) => ({ kind: 'snapshot' as const, name: s.name!, id: s.id })),
    ...volumes.filter(ours).map((v) => ({ kind: 'volume' as const, name: v.name!, id: v.id })),
  ];
}

const TOOL_NAME = /^track-([a-z0-9]+)-(server|snapshot|volume)-\d+$/;

/**
 * True when `resource` was created by this tool (by run `runId` when given): its name has the full
 * `track-<runId>-<kind>-<n>` pattern and its `track-run` metadata names the same run.
 */
export function isToolResource(
  resource: { name: string | null; metadata?: Record<string, string> },
  runId?: string,
): boolean {
  const match = resource.name === null ? null : TOOL_NAME.exec(resource.name);
  if (!match) return false;
  if (runId !== undefined && match[1] !== runId) return false;
  return resource.metadata?.['track-run'] === match[1];
}

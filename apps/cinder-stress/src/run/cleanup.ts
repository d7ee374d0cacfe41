import { type Manager, NotFound, RetryPolicy, type Snapshot, type Volume } from '@track/openstack-clients';
import { pause } from './pause';
import { DELETE_ORDER, type JournalEntry, type ResourceJournal, type ResourceKind } from './resource-journal';

/** Tries per resource before cleanup gives up on it (and reports it as possibly left). */
const CLEANUP_ATTEMPTS = 4;
/**
 * Deletions in flight at once. Bounds the load on the cloud and the abort listeners on the caller's
 * signal (every wait sleeps on it: hundreds at once raised MaxListenersExceededWarning).
 */
export const CLEANUP_CONCURRENCY = 8;
/**
 * How long after its create was sent a resource whose create got no answer is looked for by name
 * (a cloud can finish a create well after the client gave up on it), before it is listed as "maybe
 * created".
 */
export const LOOKUP_WINDOW_MS = 60_000;

/**
 * The retry rule of every cleanup call: the clients' RetryPolicy, retrying 5xx, rate limits (not
 * quota), lost connections and timeouts of non-POST calls, with exponential backoff from 200 ms up
 * to 5 s, at most 6 retries (about 12 s per call at worst).
 */
export function cleanupRetryPolicy(random?: () => number): RetryPolicy {
  return new RetryPolicy(
    { max: 6, onStatuses: [413, 429, 500, 502, 503, 504], baseDelayMs: 200, maxDelayMs: 5_000 },
    random,
  );
}

/** The outcome of a cleanup. */
export interface CleanupReport {
  removed: { kind: ResourceKind; name: string; id: string }[];
  failed: { kind: ResourceKind; name: string; id?: string; reason: string }[];
  /**
   * Resources whose create got no answer and that were not found by name within the lookup window:
   * they may exist (they stay in the journal and are listed in `orphans.json`).
   */
  maybeCreated: { kind: ResourceKind; name: string }[];
}

/** Options of {@link cleanUpEntries}. */
export interface CleanupOptions {
  /** Stops waiting and retrying when aborted. */
  signal?: AbortSignal;
  /** Tries per resource (default 4); each call inside a try is itself retried on transient errors. */
  attempts?: number;
  /**
   * How long after its create was sent an entry whose create got no answer is looked for again by
   * name (with backoff) before it is reported in `maybeCreated` (default 0: one look).
   */
  lookupWindowMs?: number;
  /** The retry rule of each call (default {@link cleanupRetryPolicy}). */
  retryPolicy?: RetryPolicy;
}

/** One cleanup's shared state: the retry rule and the signal every call and wait uses. */
interface CleanupContext {
  manager: Manager;
  journal: ResourceJournal | undefined;
  retry: RetryPolicy;
  signal: AbortSignal | undefined;
  attempts: number;
  lookupWindowMs: number;
  report: CleanupReport;
}

/**
 * Deletes `entries` in dependency order (servers, which detaches their volumes; snapshots; volumes),
 * waiting for each to be gone, {@link CLEANUP_CONCURRENCY} at a time; each call is retried on
 * transient faults by the clients' RetryPolicy. An entry without an id is looked up by its name:
 * when its create got no answer it is looked for again with backoff until `lookupWindowMs` after
 * the create, then reported in `maybeCreated` (and kept in the journal); when the cloud answered
 * its create with an error and the name is not there, it was never created and is dropped from the
 * journal. An expected "already gone" is never a failed call. Errors are collected, never thrown.
 */
export async function cleanUpEntries(
  manager: Manager,
  journal: ResourceJournal | undefined,
  entries: readonly JournalEntry[],
  options: CleanupOptions = {},
): Promise<CleanupReport> {
  const context: CleanupContext = {
    manager,
    journal,
    retry: options.retryPolicy ?? cleanupRetryPolicy(),
    signal: options.signal,
    attempts: options.attempts ?? CLEANUP_ATTEMPTS,
    lookupWindowMs: options.lookupWindowMs ?? 0,
    report: { removed: [], failed: [], maybeCreated: [] },
  };
  for (const kind of DELETE_ORDER) {
    const queue = entries.filter((e) => e.kind === kind);
    const lane = async () => {
      for (let entry = queue.shift(); entry !== undefined; entry = queue.shift())
        await cleanUpEntry(context, entry);
    };
    await Promise.all(Array.from({ length: Math.min(CLEANUP_CONCURRENCY, queue.length) }, lane));
  }
  return context.report;
}

/** Runs one cloud call under the cleanup's retry rule. */
function call<T>(context: CleanupContext, fn: () => Promise<T>): Promise<T> {
  return context.retry.run(fn, context.signal ? { signal: context.signal } : {});
}

async function cleanUpEntry(context: CleanupContext, entry: JournalEntry): Promise<void> {
  const { journal, report, signal } = context;
  let lastError: unknown;
  // Found by name once, kept: a later attempt must not take "gone" (deleted by an earlier attempt
  // whose wait failed) for "never created", or the removal would go unreported.
  let foundId = entry.id;
  for (let attempt = 1; attempt <= context.attempts; attempt++) {
    try {
      foundId ??= await findCreated(context, entry);
      const id = foundId;
      if (id === undefined) {
        if (entry.unanswered) report.maybeCreated.push({ kind: entry.kind, name: entry.name });
        else journal?.deleted(entry);
        return;
      }
      await deleteAndWait(context, entry, id);
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
    ...(foundId ? { id: foundId } : {}),
    reason: (lastError as Error)?.message ?? String(lastError),
  });
}

/**
 * The id of a resource journaled by name only. One whose create got no answer is looked for again,
 * with backoff (250 ms doubling up to 5 s), until the lookup window after its create has passed.
 */
async function findCreated(context: CleanupContext, entry: JournalEntry): Promise<string | undefined> {
  const until = entry.unanswered ? (entry.sentAt ?? 0) + context.lookupWindowMs : 0;
  for (let look = 1; ; look++) {
    const id = await call(context, () => findIdByName(context.manager, entry.kind, entry.name));
    const left = until - Date.now();
    if (id !== undefined || left <= 0 || context.signal?.aborted) return id;
    await pause(Math.min(left, 5_000, 250 * 2 ** (look - 1)), context.signal);
  }
}

/** How long the end-of-run cleanup may take before what is left is listed as left. */
export const END_OF_RUN_CLEANUP_MS = 300_000;

/**
 * The run's own cleanup once its iterations are done: deletes what the journal still lists (each
 * call retried on transient faults), looks for unanswered creates by name until `lookupWindowMs`
 * after each was sent, and says on stderr what it could not remove and what may have been created.
 * Bounded by `timeoutMs` (default {@link END_OF_RUN_CLEANUP_MS}): a call stuck past it (an answer
 * that never comes) is not waited for. What is left stays in the journal.
 */
export async function cleanUpAfterRun(
  manager: Manager,
  journal: ResourceJournal,
  options: { lookupWindowMs: number; timeoutMs?: number; retryPolicy?: RetryPolicy },
): Promise<CleanupReport | undefined> {
  const pending = journal.pending();
  if (pending.length === 0) return undefined;
  const timeoutMs = options.timeoutMs ?? END_OF_RUN_CLEANUP_MS;
  process.stderr.write(
    `cinder-stress: cleaning up ${pending.length} resource(s) left by the run (for up to ${timeoutMs / 1000}s)\n`,
  );
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('cleanup timeout')), timeoutMs);
  const report = await Promise.race([
    cleanUpEntries(manager, journal, pending, {
      signal: controller.signal,
      lookupWindowMs: options.lookupWindowMs,
      ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    }),
    new Promise<undefined>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve(undefined)),
    ),
  ]);
  clearTimeout(timer);
  for (const failed of report?.failed ?? [])
    process.stderr.write(`cinder-stress: could not remove ${failed.kind} ${failed.name}: ${failed.reason}\n`);
  for (const maybe of report?.maybeCreated ?? [])
    process.stderr.write(
      `cinder-stress: ${maybe.kind} ${maybe.name} may have been created (its create got no answer) but was not found by name within ${Math.round(options.lookupWindowMs / 1000)}s\n`,
    );
  return report;
}

/**
 * True when an abandoned entry is still worth another sweep during the run: it has an id, or its
 * create got no answer and the lookup window after its create has not passed yet. The others wait
 * for the end-of-run cleanup (one more look) and `orphans.json`.
 */
export function isWorthSweeping(entry: JournalEntry, now = Date.now()): boolean {
  if (entry.id !== undefined || !entry.unanswered) return true;
  return now < (entry.sentAt ?? 0) + LOOKUP_WINDOW_MS;
}

/**
 * Retries what iterations could not delete ({@link ResourceJournal.abandon}), up to `max` entries;
 * those still left are abandoned again for a later sweep (see {@link isWorthSweeping}). Never throws.
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
  for (const entry of taken) if (isWorthSweeping(entry)) journal.abandon(entry);
  return report.removed.length;
}

async function deleteAndWait(context: CleanupContext, entry: JournalEntry, id: string): Promise<void> {
  const { manager, signal } = context;
  const wait = signal ? { signal } : {};
  try {
    if (entry.kind === 'server') {
      // isResourceDeleted is whitelisted: a server already gone is an expected answer, not a failure.
      if (await call(context, () => manager.serversClient.isResourceDeleted(id))) return;
      await call(context, () => manager.serversClient.deleteServer(id));
      await call(context, () => manager.serversClient.waitForServerTermination(id, wait));
    } else if (entry.kind === 'snapshot') {
      const snapshot = await currentSnapshot(context, entry.name, id);
      if (snapshot === undefined) return;
      // Cinder deletes only available or error snapshots: let a create finish first.
      if (snapshot.status === 'creating')
        await call(context, () => manager.snapshotsClient.waitForSnapshotStatus(id, 'available', wait)).catch(
          () => undefined,
        );
      if (snapshot.status !== 'deleting')
        await call(context, () => manager.snapshotsClient.deleteSnapshot(id));
      await call(context, () => manager.snapshotsClient.waitForResourceDeletion(id, wait));
    } else {
      const volume = await currentVolume(context, entry.name, id);
      if (volume === undefined) return;
      if (['creating', 'attaching', 'detaching', 'reserved', 'extending'].includes(volume.status)) {
        // Let a transition finish before deleting (Cinder refuses deletes in these states).
        await call(context, () =>
          manager.volumesClient.waitForVolumeStatus(id, settledStatusOf(volume), wait),
        ).catch(() => undefined);
      }
      const current = await currentVolume(context, entry.name, id);
      if (current === undefined) return;
      for (const attachment of current.attachments) {
        await call(context, () => manager.serversClient.detachVolume(attachment.serverId, id)).catch(
          () => undefined,
        );
      }
      if (current.attachments.length > 0)
        await call(context, () => manager.volumesClient.waitForVolumeStatus(id, 'available', wait));
      if (current.status !== 'deleting')
        await call(context, () => manager.volumesClient.deleteVolume(id, { cascade: true }));
      await call(context, () => manager.volumesClient.waitForResourceDeletion(id, wait));
    }
  } catch (error) {
    // Gone between two calls: what cleanup wanted.
    if (error instanceof NotFound) return;
    throw error;
  }
}

/**
 * The volume as it is now, or undefined when it is gone. Read from the list filtered by name, so a
 * volume already deleted is an empty list (an expected answer), not a NotFound counted as a failed
 * `getVolume`.
 */
async function currentVolume(context: CleanupContext, name: string, id: string): Promise<Volume | undefined> {
  const list = await call(context, () => context.manager.volumesClient.listVolumesDetail({ name }));
  return list.find((v) => v.id === id);
}

/** The snapshot as it is now, or undefined when it is gone (see {@link currentVolume}). */
async function currentSnapshot(
  context: CleanupContext,
  name: string,
  id: string,
): Promise<Snapshot | undefined> {
  const list = await call(context, () => context.manager.snapshotsClient.listSnapshotsDetail({ name }));
  return list.find((s) => s.id === id);
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

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConnectionError, OpenStackError, RequestTimeout } from '@track/openstack-clients';
import { describeWriteFailure, makeDirectorySync, writeAllSync } from '@track/reporters';
import { CliError } from '../cli-error';
import { EXIT } from '../exit-codes';

/** Kinds of resources the scenarios create, in the order cleanup deletes them. */
export type ResourceKind = 'server' | 'snapshot' | 'volume';
export const DELETE_ORDER: readonly ResourceKind[] = ['server', 'snapshot', 'volume'];

/** One resource the run created or is about to create. */
export interface JournalEntry {
  kind: ResourceKind;
  name: string;
  /** Known once the create answered; a create whose answer was lost has only the name. */
  id?: string;
  /**
   * The create got no answer (a timeout or a lost connection): the cloud may have created it, so
   * cleanup looks it up by name for a while before listing it as "maybe created".
   */
  unanswered?: boolean;
  /** When the create was sent (epoch ms): how long cleanup keeps looking for an unanswered one. */
  sentAt?: number;
}

/** Prefix of every resource name this tool creates. */
export const NAME_PREFIX = 'track-';

/** A new run id: short, unique enough, safe in names. */
export function newRunId(): string {
  return `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(3).toString('hex')}`;
}

/**
 * The journal file could not be written. Creates are not sent while it cannot be (the promise is
 * that every name is on disk before its create leaves). Ends the CLI with exit code 3.
 */
export class JournalWriteError extends CliError {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super(
      `cannot write the journal ${path}: ${describeWriteFailure(cause)}`,
      EXIT.reportNotWritten,
      'TRACK_JOURNAL_WRITE_FAILED',
    );
    this.name = 'JournalWriteError';
    this.path = path;
    this.cause = cause;
  }
}

/** One line of the journal file (JSON Lines, appended in this order for each resource). */
export type JournalEvent =
  | { event: 'run'; runId: string }
  | { event: 'create'; kind: ResourceKind; name: string; at: string }
  | { event: 'created'; name: string; id: string }
  | { event: 'unanswered'; name: string; error: string }
  | { event: 'deleted'; name: string };

/**
 * Every resource of a run, named `track-<runId>-<kind>-<n>`. The journal file is append-only, one
 * JSON line per event: the `create` line of a name is written (write(2), before {@link reserve}
 * returns) before its create request is sent, so it survives `kill -9` at any moment; the id follows
 * when the create answers, an `unanswered` line when it got no answer, and a `deleted` line once the
 * resource is confirmed gone. The file is fsynced when the journal closes. A write that fails is
 * reported on stderr once and kept in {@link writeFailure}; a `create` line that cannot be written
 * stops the create ({@link reserve} throws a {@link JournalWriteError}).
 */
export class ResourceJournal {
  readonly runId: string;
  readonly #entries = new Map<string, JournalEntry>();
  readonly #abandoned = new Map<string, JournalEntry>();
  readonly #path: string | undefined;
  #fd: number | undefined;
  #counter = 0;
  #failure: JournalWriteError | undefined;
  /** The last append failed and may have left half a line: the next one starts on a new line. */
  #cut = false;

  /**
   * `path` is the journal file (created with its directory; without one the journal is kept in
   * memory only). `firstNumber` keeps names of parallel journals of one run (worker threads) apart.
   * Throws a {@link JournalWriteError} when the file cannot be created.
   */
  constructor(runId: string, path?: string, firstNumber = 0) {
    this.runId = runId;
    this.#path = path;
    this.#counter = firstNumber;
    if (path) {
      try {
        makeDirectorySync(dirname(path));
        this.#fd = openSync(path, 'a');
      } catch (error) {
        throw new JournalWriteError(path, error);
      }
      this.#append({ event: 'run', runId }, true);
    }
  }

  /** The first write that failed, if any (the run then exits 3). */
  get writeFailure(): JournalWriteError | undefined {
    return this.#failure;
  }

  /**
   * The name for the next resource of `kind`, written to the journal file before this returns (so
   * before the create is sent). Throws a {@link JournalWriteError} when it cannot be written: the
   * create must not be sent then.
   */
  reserve(kind: ResourceKind): JournalEntry {
    const entry: JournalEntry = {
      kind,
      name: `${NAME_PREFIX}${this.runId}-${kind}-${++this.#counter}`,
      sentAt: Date.now(),
    };
    this.#append(
      { event: 'create', kind, name: entry.name, at: new Date(entry.sentAt!).toISOString() },
      true,
    );
    this.#entries.set(entry.name, entry);
    return entry;
  }

  /** Records the id the create returned. */
  created(entry: JournalEntry, id: string): void {
    entry.id = id;
    delete entry.unanswered;
    this.#append({ event: 'created', name: entry.name, id }, false);
  }

  /**
   * The create failed without being refused: when it got no answer at all (a timeout, a lost
   * connection: {@link isUnanswered}), the entry is marked "maybe created". A create the cloud
   * answered with an error (5xx) stays journaled by name, for one look by cleanup.
   */
  createFailed(entry: JournalEntry, error: unknown): void {
    if (!isUnanswered(error) || entry.id !== undefined) return;
    entry.unanswered = true;
    this.#append(
      { event: 'unanswered', name: entry.name, error: (error as Error)?.name ?? String(error) },
      false,
    );
  }

  /**
   * The resource is confirmed gone, or its create was refused or never sent (so it cannot exist).
   */
  deleted(entry: JournalEntry): void {
    const known = this.#entries.delete(entry.name);
    this.#abandoned.delete(entry.name);
    if (known) this.#append({ event: 'deleted', name: entry.name }, false);
  }

  /** True while `entry` may still exist on the cloud. */
  has(entry: JournalEntry): boolean {
    return this.#entries.get(entry.name) === entry;
  }

  /**
   * An iteration could not delete `entry` (its cleanup failed too): a slot sweeps it between its
   * iterations ({@link takeAbandoned}), so a long run with faults does not grow the cloud.
   */
  abandon(entry: JournalEntry): void {
    if (this.has(entry)) this.#abandoned.set(entry.name, entry);
  }

  /** How many abandoned entries wait for a retry. */
  get abandonedCount(): number {
    return this.#abandoned.size;
  }

  /** Up to `max` abandoned entries, handed to one caller (they are no longer listed as abandoned). */
  takeAbandoned(max: number): JournalEntry[] {
    const taken: JournalEntry[] = [];
    for (const [name, entry] of this.#abandoned) {
      if (taken.length >= max) break;
      this.#abandoned.delete(name);
      if (this.has(entry)) taken.push(entry);
    }
    return taken;
  }

  /** Resources that may still exist. */
  pending(): JournalEntry[] {
    return [...this.#entries.values()];
  }

  /** Makes the journal file durable (fsync) and closes it; a failure is kept in {@link writeFailure}. */
  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      fsyncSync(fd);
    } catch (error) {
      this.#fail(error);
    } finally {
      closeSync(fd);
    }
  }

  /** Appends one line; `required` lines throw when they cannot be written, the others are reported. */
  #append(event: JournalEvent, required: boolean): void {
    if (this.#fd === undefined) return;
    const bytes = Buffer.from(`${this.#cut ? '\n' : ''}${JSON.stringify(event)}\n`, 'utf8');
    try {
      if (writeAllSync(this.#fd, bytes) < bytes.length)
        throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      this.#cut = false;
    } catch (error) {
      this.#cut = true;
      const failure = this.#fail(error);
      if (required) throw failure;
    }
  }

  /** Keeps the first failure and says it once on stderr (the run goes on cleaning up). */
  #fail(error: unknown): JournalWriteError {
    const failure = new JournalWriteError(this.#path!, error);
    if (this.#failure === undefined) {
      this.#failure = failure;
      process.stderr.write(
        `cinder-stress: ${failure.message}; creates are not sent while it cannot be written\n`,
      );
    }
    return failure;
  }
}

/** True for a create that got no answer (a timeout, a lost connection): it may have been created. */
export function isUnanswered(error: unknown): boolean {
  return (
    error instanceof RequestTimeout || error instanceof ConnectionError || !(error instanceof OpenStackError)
  );
}

/**
 * The resources a journal file says may still exist, in the order they were created: its `create`
 * lines without a later `deleted` line, with the id or `unanswered` mark that followed. A line cut
 * by a crash (the last one) is skipped.
 */
export function readJournalFile(path: string): { runId?: string; resources: JournalEntry[] } {
  const entries = new Map<string, JournalEntry>();
  let runId: string | undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let event: JournalEvent;
    try {
      event = JSON.parse(line) as JournalEvent;
    } catch {
      continue;
    }
    if (event.event === 'run') runId = event.runId;
    else if (event.event === 'create')
      entries.set(event.name, { kind: event.kind, name: event.name, sentAt: Date.parse(event.at) });
    else if (event.event === 'created') {
      const entry = entries.get(event.name);
      if (entry) entry.id = event.id;
    } else if (event.event === 'unanswered') {
      const entry = entries.get(event.name);
      if (entry) entry.unanswered = true;
    } else if (event.event === 'deleted') entries.delete(event.name);
  }
  return { ...(runId !== undefined ? { runId } : {}), resources: [...entries.values()] };
}

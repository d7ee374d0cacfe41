import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Kinds of resources the scenarios create, in the order cleanup deletes them. */
export type ResourceKind = 'server' | 'snapshot' | 'volume';
export const DELETE_ORDER: readonly ResourceKind[] = ['server', 'snapshot', 'volume'];

/** One resource the run created or is about to create. */
export interface JournalEntry {
  kind: ResourceKind;
  name: string;
  /** Known once the create answered; a create whose answer was lost has only the name. */
  id?: string;
}

/** Prefix of every resource name this tool creates. */
export const NAME_PREFIX = 'track-';

/** A new run id: short, unique enough, safe in names. */
export function newRunId(): string {
  return `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(3).toString('hex')}`;
}

/**
 * Every resource of a run, named `track-<runId>-<kind>-<n>`. A name is recorded before its create is
 * sent (a lost response can still create the resource; cleanup then finds it by name), the id when the
 * create answers, and the entry is dropped once the resource is confirmed gone. The journal is kept
 * in memory and written atomically to `path` at most once a second and at the end.
 */
export class ResourceJournal {
  readonly runId: string;
  readonly #entries = new Map<string, JournalEntry>();
  readonly #abandoned = new Map<string, JournalEntry>();
  readonly #path: string | undefined;
  #counter = 0;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;

  /** `firstNumber` keeps names of parallel journals of one run (worker threads) apart. */
  constructor(runId: string, path?: string, firstNumber = 0) {
    this.runId = runId;
    this.#path = path;
    this.#counter = firstNumber;
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      this.#timer = setInterval(() => this.flush(), 1000);
      this.#timer.unref();
    }
  }

  /** The name for the next resource of `kind`, recorded before the create is sent. */
  reserve(kind: ResourceKind): JournalEntry {
    const entry: JournalEntry = { kind, name: `${NAME_PREFIX}${this.runId}-${kind}-${++this.#counter}` };
    this.#entries.set(entry.name, entry);
    this.#dirty = true;
    return entry;
  }

  /** Records the id the create returned. */
  created(entry: JournalEntry, id: string): void {
    entry.id = id;
    this.#dirty = true;
  }

  /**
   * The resource is confirmed gone, or its create was refused or never sent (so it cannot exist).
   */
  deleted(entry: JournalEntry): void {
    this.#entries.delete(entry.name);
    this.#abandoned.delete(entry.name);
    this.#dirty = true;
  }

  /** True while `entry` may still exist on the cloud. */
  has(entry: JournalEntry): boolean {
    return this.#entries.get(entry.name) === entry;
  }

  /**
   * An iteration could not delete `entry` (its cleanup failed too): a worker retries it between
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

  /** Writes the journal file (atomic) if anything changed. */
  flush(): void {
    if (!this.#path || !this.#dirty) return;
    this.#dirty = false;
    try {
      writeFileAtomic.sync(
        this.#path,
        `${JSON.stringify({ runId: this.runId, resources: this.pending() }, null, 2)}\n`,
      );
    } catch {
      this.#dirty = true;
    }
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#dirty = true;
    this.flush();
  }
}

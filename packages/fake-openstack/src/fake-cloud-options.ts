import type { FaultRule } from './fault-rules';

/** Base delays of the fake's transitions, in milliseconds at `timeScale: 1`. */
export interface FakeDelays {
  /** Keystone answering `POST /v3/auth/tokens` (an issued token or a refusal). */
  tokenIssue: number;
  volumeCreate: number;
  volumeAttachReserve: number;
  volumeAttach: number;
  volumeDetach: number;
  volumeDelete: number;
  snapshotCreate: number;
  snapshotDelete: number;
  serverBuild: number;
  serverDelete: number;
  floatingIpActivate: number;
}

/**
 * Defaults measured on a real Zed cloud on loopback (scripts/real-openstack of this repository:
 * Keystone 22, Cinder 21 with Cinder's own fake volume driver, Nova 26 with nova's fake driver, on a
 * loaded 2-core machine; /work/shared/real-openstack-notes.md and that script's latency report):
 *
 * | transition | measured | default |
 * |---|---|---|
 * | volume create -> available | p50 0.63-0.87 s one at a time (3 runs, n=8 each), 1.1 s under a scenario mix at concurrency 4 | 1100 ms |
 * | volume delete -> gone | p50 0.23-0.47 s | 300 ms |
 * | attach -> attachment listed -> in-use | Tempest-style waits 1.07 s (polled every 1 s) | 200 + 900 ms |
 * | detach -> available | wait 1.12 s (polled every 1 s) | 1000 ms |
 * | snapshot create -> available | 0.09 s | 100 ms |
 * | snapshot delete -> gone | under 1.08 s (polled every 1 s), as volume delete | 300 ms |
 * | server create -> ACTIVE | 2.0 s after the create answer | 2000 ms |
 * | server delete -> gone | 1.45 s | 1500 ms |
 *
 * Token issue (50 ms) and floating IP activation (1 s) were not measured (no Neutron agents there):
 * contract §7's assumptions. A real storage backend (LVM, Ceph) adds its own time to every volume
 * transition; these are the API's, scheduler's and RPC's. Each delay is scaled by `timeScale` and
 * jittered by `jitter`.
 */
export const DEFAULT_DELAYS: Readonly<FakeDelays> = Object.freeze({
  tokenIssue: 50,
  volumeCreate: 1100,
  volumeAttachReserve: 200,
  volumeAttach: 900,
  volumeDetach: 1000,
  volumeDelete: 300,
  snapshotCreate: 100,
  snapshotDelete: 300,
  serverBuild: 2000,
  serverDelete: 1500,
  floatingIpActivate: 1000,
});

/**
 * Probabilities (0..1) that a backend operation goes wrong. Drawn from the seeded random source, so a
 * seed replays the same outcomes.
 */
export interface FakeOutcomes {
  /** A created volume ends in `error` instead of `available`. */
  volumeError: number;
  /** A deleted volume ends in `error_deleting` instead of gone. */
  volumeErrorDeleting: number;
  /** A created snapshot ends in `error`. */
  snapshotError: number;
  /** A deleted snapshot ends in `error_deleting`. */
  snapshotErrorDeleting: number;
  /** A booting server ends in `ERROR` (with a `fault`). */
  serverError: number;
  /** Any transition never happens (the resource stays e.g. `creating` forever). */
  stuck: number;
}

/**
 * Default quotas of every project (an admin's `PUT` of a quota set gives one project its own values);
 * -1 means unlimited.
 */
export interface FakeQuotas {
  volumes: number;
  snapshots: number;
  gigabytes: number;
  perVolumeGigabytes: number;
  instances: number;
  cores: number;
  ram: number;
  keyPairs: number;
  floatingIps: number;
}

/** Generous defaults, so a stress run measures the cloud, not the quota; set real ones to test quotas. */
export const DEFAULT_QUOTAS: Readonly<FakeQuotas> = Object.freeze({
  volumes: 1000,
  snapshots: 1000,
  gigabytes: 100_000,
  perVolumeGigabytes: -1,
  instances: 1000,
  cores: 4000,
  ram: 4_096_000,
  keyPairs: 1000,
  floatingIps: 100,
});

/** Options of a {@link FakeCloud}. Every field is optional. */
export interface FakeCloudOptions {
  /** Seed of the random source behind jitter, faults and outcomes (default 1). */
  seed?: number;
  /**
   * Multiplies every delay. 1 = realistic (seconds), 0.01 = a fast demo, 0 = instant but still
   * asynchronous (the first GET after a create still shows `creating`/`BUILD`). Default 0.01.
   */
  timeScale?: number;
  /** Overrides of base delays (ms at timeScale 1). */
  delays?: Partial<FakeDelays>;
  /** Relative jitter applied to each delay, e.g. 0.2 = ±20% (default 0.2). */
  jitter?: number;
  /** Token lifetime in seconds (default 3600, Keystone's default). */
  tokenTtlSeconds?: number;
  /** Probabilities of backend failures (default all 0). */
  outcomes?: Partial<FakeOutcomes>;
  /** Default quotas of every project (Cinder, Nova and Neutron each take theirs). */
  quotas?: Partial<FakeQuotas>;
  /** Fault rules active from the start (more can be added with `fake.faults.add`). */
  faults?: FaultRule[];
  /** Shorthand: probability that any service call (not auth) answers 500 or 503. */
  faultRate?: number;
  /** Shorthand: added latency of every call, in ms (a number, or `{ min, max }` uniform). */
  latencyMs?: number | { min: number; max: number };
  /** Regions the catalog publishes endpoints in (default `['RegionOne']`). */
  regions?: string[];
  /** Password of the default user (default `fake-cloud-password`). */
  password?: string;
  /** Clock in epoch milliseconds (default `Date.now`); inject one to make tests deterministic. */
  now?: () => number;
  /** Origin of in-process requests' URLs (default `http://fake-cloud.invalid`). */
  inProcessOrigin?: string;
}

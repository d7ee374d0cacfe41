import type { Manager } from '@track/openstack-clients';
import type { ResourceJournal } from '../run/resource-journal';

/** Ids `createServer` needs (a fake cloud provides them; a real one takes --flavor/--image/--network). */
export interface ComputeSettings {
  flavorRef: string;
  imageRef: string;
  /** Network ids, or Nova's `none`/`auto` (sent as the string; needs compute 2.37). */
  networks?: 'auto' | 'none' | string[];
}

/** What a scenario's iteration works with. One context per slot: one of the run's concurrent iterations (`--concurrency`), running its iterations one after the other. */
export interface ScenarioContext {
  manager: Manager;
  journal: ResourceJournal;
  compute: ComputeSettings;
  /** Aborted when the run must stop now (the drain timeout). */
  signal: AbortSignal;
  /** Scenario arguments (from a scenario file's kwargs). */
  kwargs: Record<string, unknown>;
  /** Index of this slot among the run's concurrent iterations (of this worker thread). */
  slot: number;
  /** Seeded random source of this slot, 0..1. */
  random: () => number;
  /** Per-slot state a scenario keeps between iterations (e.g. its long-lived server). */
  state: Record<string, unknown>;
}

/** A stress scenario: one iteration is one cycle of API calls that leaves nothing behind. */
export interface Scenario {
  name: string;
  /** One line for `cinder-stress scenarios`. */
  description: string;
  /** Boots servers (a real cloud then needs --flavor and --image). */
  needsServers?: boolean;
  /** Runs once per slot before its first iteration. */
  setUp?(context: ScenarioContext): Promise<void>;
  iteration(context: ScenarioContext): Promise<void>;
  /** Runs once per slot at the end, also after failures and interrupts. */
  tearDown?(context: ScenarioContext): Promise<void>;
}

/** A numeric kwarg with a default, validated. */
export function numberArg(context: ScenarioContext, name: string, fallback: number): number {
  const value = context.kwargs[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError(`kwargs.${name} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

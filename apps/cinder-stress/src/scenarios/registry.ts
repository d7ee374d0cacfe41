import { z } from 'zod';
import { cho, cinderStress } from './mixed-scenarios';
import type { Scenario } from './scenario';
import {
  listAndGet,
  snapshotCreateDelete,
  volumeAttachDelete,
  volumeAttachVerify,
  volumeCreateDelete,
} from './volume-scenarios';

/** Every built-in scenario by name, in the order `cinder-stress scenarios` lists them. */
export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [
    volumeCreateDelete,
    volumeAttachDelete,
    volumeAttachVerify,
    snapshotCreateDelete,
    listAndGet,
    cinderStress,
    cho,
  ].map((s) => [s.name, s]),
);

/** The built-in scenario called `name`, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.get(name);
}

const size = z.number().int().min(1).max(16_384).describe('volume size in GiB');
const snapshots = z.number().int().min(1).max(1000).describe('snapshots per iteration');

/**
 * The kwargs each scenario accepts in a scenario file, strict: an unknown (e.g. misspelled) key is an
 * error, not silently ignored. A mix passes its kwargs to the scenarios it picks, so it accepts theirs.
 */
export const SCENARIO_KWARGS: ReadonlyMap<string, z.ZodType<Record<string, unknown>>> = new Map<
  string,
  z.ZodType<Record<string, unknown>>
>([
  [volumeCreateDelete.name, z.object({ size: size.optional() }).strict()],
  [volumeAttachDelete.name, z.object({ size: size.optional() }).strict()],
  [volumeAttachVerify.name, z.object({ size: size.optional() }).strict()],
  [snapshotCreateDelete.name, z.object({ size: size.optional(), snapshots: snapshots.optional() }).strict()],
  [listAndGet.name, z.object({}).strict()],
  [cinderStress.name, z.object({ size: size.optional(), snapshots: snapshots.optional() }).strict()],
  [cho.name, z.object({ size: size.optional(), snapshots: snapshots.optional() }).strict()],
]);

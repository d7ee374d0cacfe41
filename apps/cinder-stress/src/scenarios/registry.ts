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

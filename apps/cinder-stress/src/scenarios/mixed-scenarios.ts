import { cleanUpEntries } from '../run/cleanup';
import type { JournalEntry } from '../run/resource-journal';
import {
  attachVolume,
  createAvailableVolume,
  detachVolume,
  ensureActiveServer,
  withCleanup,
} from './resource-steps';
import type { Scenario, ScenarioContext } from './scenario';
import { listAndGet, snapshotCreateDelete, volumeCreateDelete } from './volume-scenarios';

/** One weighted part of a mix. */
interface Part {
  weight: number;
  scenario: Scenario;
}

/**
 * Attach/detach on the slot's long-lived server (created on first use, deleted at tear-down). A
 * server whose create or wait failed is kept in the slot's state and checked, waited for or
 * replaced by the next iteration, never abandoned.
 */
const attachDetachOnWorkerServer: Scenario = {
  name: 'attach-detach',
  needsServers: true,
  description: 'attach and detach a fresh volume on a long-lived server of its slot',
  async iteration(context) {
    const server = await ensureActiveServer(context, 'server');
    await withCleanup(context, async (owned) => {
      const { entry: volume } = await createAvailableVolume(context, owned, 1);
      await attachVolume(context, server, volume);
      await context.manager.volumesClient.getVolume(volume.id!);
      await detachVolume(context, server, volume);
    });
  },
};

function mix(name: string, description: string, parts: Part[]): Scenario {
  const total = parts.reduce((sum, p) => sum + p.weight, 0);
  const pick = (context: ScenarioContext): Scenario => {
    let roll = context.random() * total;
    for (const part of parts) {
      roll -= part.weight;
      if (roll < 0) return part.scenario;
    }
    return parts[parts.length - 1]!.scenario;
  };
  return {
    name,
    description,
    needsServers: parts.some((p) => p.scenario.needsServers),
    iteration: (context) => pick(context).iteration(context),
    async tearDown(context) {
      const server = context.state.server as JournalEntry | undefined;
      if (server && context.journal.has(server))
        await cleanUpEntries(context.manager, context.journal, [server], { signal: context.signal });
    },
  };
}

const STRESS_PARTS: Part[] = [
  { weight: 30, scenario: volumeCreateDelete },
  { weight: 25, scenario: snapshotCreateDelete },
  { weight: 20, scenario: attachDetachOnWorkerServer },
  { weight: 25, scenario: listAndGet },
];

/** The mix behind the seed's log: volumes, snapshots, attach/detach, list and get calls. */
export const cinderStress: Scenario = mix(
  'cinder-stress',
  'the weighted mix: volume create/delete 30%, snapshots 25%, attach/detach 20%, list and get 25%',
  STRESS_PARTS,
);

/**
 * Continuous hours of operation: the same mix for a long run. Every iteration deletes what it
 * created (the slot's server is reused), so the cloud never grows; failures are counted and the
 * run keeps going; memory stays flat because only counts and histograms are kept.
 */
export const cho: Scenario = mix(
  'cho',
  'continuous hours of operation: the cinder-stress mix for a long run (default 1h), periodic stats, resources recycled',
  STRESS_PARTS,
);

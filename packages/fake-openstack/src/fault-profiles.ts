import type { FakeCloudOptions } from './fake-cloud-options';

/** Names of the ready-made fault profiles. */
export type FaultProfileName = 'realistic';

/**
 * Ready-made mixes of faults and backend outcomes, as options to spread into a {@link FakeCloud}'s
 * (`new FakeCloud({ seed, ...faultProfile('realistic') })`); the fake's seed replays them.
 *
 * `realistic`, a cloud under stress: 1% of service calls answer 500 or 503, 0.2% of volume reads
 * never answer (the client's request timeout ends them), 3% of created volumes end in `error`.
 */
export function faultProfile(name: FaultProfileName): Pick<FakeCloudOptions, 'faults' | 'outcomes'> {
  switch (name) {
    case 'realistic':
      return {
        faults: [
          { name: 'realistic-server-errors', probability: 0.01, status: [500, 503] },
          {
            name: 'realistic-hung-reads',
            route: 'GET /volumes/{volume_id}',
            probability: 0.002,
            connection: 'hang',
          },
        ],
        outcomes: { volumeError: 0.03 },
      };
    default:
      throw new RangeError(`Unknown fault profile ${JSON.stringify(name)}; known: realistic`);
  }
}

/** The names {@link faultProfile} knows. */
export const FAULT_PROFILES: readonly FaultProfileName[] = ['realistic'];

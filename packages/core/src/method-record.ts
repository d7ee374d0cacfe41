import { FailureTraces } from './failure-traces';
import { LatencyHistogram } from './latency-histogram';

/**
 * The live counters of one `[client:method]`. Kept deliberately flat: the traced hot path only
 * decrements `countdown` (to decide whether to time the call) and increments `pass`.
 */
export class MethodRecord {
  readonly client: string;
  readonly method: string;
  pass = 0;
  fail = 0;
  retries = 0;
  /** Calls left before the next timed one (latency sampling). */
  countdown = 1;
  /** Calls timed so far. */
  sampled = 0;
  /**
   * Learned on the first thenable result: the method is asynchronous, so after the first 256 timed
   * calls one call in `asyncLatencySampling` (default 8) is timed instead of one in
   * `syncLatencySampling` (default 64).
   */
  isAsync = false;
  latency = new LatencyHistogram();
  failures: FailureTraces;

  constructor(client: string, method: string, maxFailureTraces: number) {
    this.client = client;
    this.method = method;
    this.failures = new FailureTraces(maxFailureTraces);
  }
}

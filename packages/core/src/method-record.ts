import { FailureTraces } from './failure-traces';
import { LatencyHistogram } from './latency-histogram';
import type { Timeline } from './timeline';

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
  /**
   * Passes among `pass` that were failures under a whitelisted method (NotFound where it is the
   * expected answer); counted on the failure path only.
   */
  whitelisted = 0;
  /** Calls that returned a promise (or thenable) not settled yet. */
  inFlight = 0;
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
  /**
   * Passes and failures already counted on the `Stats` timeline, and when they were last placed
   * there. The hot path counts only `pass`; the calls since the last placement are placed at the
   * next clock read of the method (a timed call or a failure), or when the timeline is read.
   */
  timelinePass = 0;
  timelineFail = 0;
  timelineAt = 0;
  failures: FailureTraces;

  constructor(client: string, method: string, maxFailureTraces: number) {
    this.client = client;
    this.method = method;
    this.failures = new FailureTraces(maxFailureTraces);
  }
}

/**
 * Counts the calls of `record` not yet on `timeline` (every pass and failure since the last
 * placement) into the bucket holding `at`, so that the timeline's sums equal the method's counts.
 */
export function placeOnTimeline(record: MethodRecord, timeline: Timeline, at: number): void {
  timeline.add(at, record.pass - record.timelinePass, record.fail - record.timelineFail);
  record.timelinePass = record.pass;
  record.timelineFail = record.fail;
  record.timelineAt = at;
}

import type { FailureRecord } from '@track/core';

/**
 * A failure as core records it, with the message normalized for deduplication (ids as `{id}`) when
 * the run recorded one; `message` is then one example of the original text.
 */
export type FailureWithMessage = FailureRecord & { normalizedMessage?: string };

/** What a report shows of a failure's message: the text it is known by, and an original example. */
export interface FailureMessage {
  /** The normalized message when there is one, else the message (`''` when there is neither). */
  shown: string;
  /** One original message, when it differs from `shown`. */
  example?: string;
}

/**
 * The message the table, the HTML and the JUnit file show for a failure: its normalized message
 * (`Volume {id} could not be found.`), with one original (`Volume 3f2a... could not be found.`) as
 * an example where the two differ.
 */
export function failureMessage(failure: FailureWithMessage): FailureMessage {
  const original = failure.message ?? '';
  const normalized = failure.normalizedMessage;
  if (normalized === undefined || normalized === original) return { shown: original };
  return original === '' ? { shown: normalized } : { shown: normalized, example: original };
}

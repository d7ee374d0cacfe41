import type { FailureRecord } from '@track/core';

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
export function failureMessage(failure: FailureRecord): FailureMessage {
  const original = failure.message ?? '';
  const normalized = failure.normalizedMessage;
  if (normalized === undefined || normalized === original) return { shown: original };
  return original === '' ? { shown: normalized } : { shown: normalized, example: original };
}

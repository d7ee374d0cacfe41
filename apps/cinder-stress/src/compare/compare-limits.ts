import { CliError } from '../cli-error';

/** What `compare` gates on; an absent limit is not checked. */
export interface CompareLimits {
  /** Most a method's fail rate may rise, in percentage points (`0.5pp`). */
  maxFailRateIncreasePp?: number;
  /** Most a method's p95 latency may rise, in percent of the baseline's (`20%`). */
  maxP95IncreasePercent?: number;
  /** Whether failure traces the baseline did not have fail the comparison (default true). */
  failOnNewFailures: boolean;
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * `0.5pp` (percentage points of the fail rate) as 0.5. Throws a usage error naming `option` for
 * anything else: a bare number or `%` would leave unclear whether the rise is absolute or relative.
 */
export function parsePercentagePoints(text: string, option: string): number {
  const trimmed = text.trim();
  const number = trimmed.endsWith('pp') ? trimmed.slice(0, -2).trim() : undefined;
  if (number === undefined || !NUMBER.test(number) || Number(number) > 100)
    throw new CliError(
      `${option} must be percentage points of the fail rate from 0pp to 100pp, like 0.5pp, got ${JSON.stringify(text)}`,
    );
  return Number(number);
}

/** `20%` (relative rise) as 20. Throws a usage error naming `option` for anything else. */
export function parseRelativePercent(text: string, option: string): number {
  const trimmed = text.trim();
  const number = trimmed.endsWith('%') ? trimmed.slice(0, -1).trim() : undefined;
  if (number === undefined || !NUMBER.test(number))
    throw new CliError(
      `${option} must be a rise in percent of the baseline, like 20%, got ${JSON.stringify(text)}`,
    );
  return Number(number);
}

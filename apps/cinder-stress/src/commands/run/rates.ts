import { formatPercent as formatPercentNumber } from '@track/reporters';

/** Failed / all, 0 when there is nothing. */
export function rate(failed: number, all: number): number {
  return all === 0 ? 0 : failed / all;
}

/**
 * A rate (0..1) as a percentage by the reporters' one percentage rule, e.g. `1.2%`; a rate above 0
 * never reads as `0%`, one below 1 never as `100%`.
 */
export function formatPercent(value: number): string {
  return `${formatPercentNumber(100 * value)}%`;
}

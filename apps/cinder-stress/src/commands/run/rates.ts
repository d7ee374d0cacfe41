/** Failed / all, 0 when there is nothing. */
export function rate(failed: number, all: number): number {
  return all === 0 ? 0 : failed / all;
}

/** A rate (0..1) as a percentage with two decimals, e.g. `1.25%`. */
export function formatPercent(value: number): string {
  return `${(100 * value).toFixed(2)}%`;
}

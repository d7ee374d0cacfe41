/** Failed calls in percent of all calls: 0 when there were none. */
export function failRate(fail: number, calls: number): number {
  return calls === 0 ? 0 : (100 * fail) / calls;
}

/** Significant digits shown of a rate below 1 %. */
const SIGNIFICANT = 2;
/** Most decimals a rate is shown with (1 failure in 10^20 calls). */
const MAX_DECIMALS = 20;

/**
 * A percentage as every report and the CLI show it, without the `%` sign. Rounding never hides a
 * failure or a pass: 0 is `0` and 100 is `100`, anything between is neither; below 1 two significant
 * digits are shown, so one failure in a million calls is `0.00010` and 2 in 6,227 is `0.032`; from
 * 1 one decimal (`25.0`), with more digits near 100 as needed (6,226 of 6,227 is `99.98`, not
 * `100.0`).
 */
export function formatPercent(percent: number): string {
  if (!(percent > 0)) return '0';
  if (percent >= 100) return '100';
  if (percent >= 1) {
    // A rate just under 100 rounds up to 100: more digits until it does not.
    let decimals = 1;
    let text = percent.toFixed(decimals);
    while (Number(text) >= 100 && decimals < MAX_DECIMALS) text = percent.toFixed(++decimals);
    return text;
  }
  const decade = Math.floor(Math.log10(percent));
  const decimals = Math.min(MAX_DECIMALS, SIGNIFICANT - 1 - decade);
  const text = percent.toFixed(decimals);
  // 0.0996 rounds to 0.100: the next decade up, whose two significant digits need one decimal less.
  return Number(text) >= 10 ** (decade + 1) && decimals > 1 ? percent.toFixed(decimals - 1) : text;
}

/** {@link formatPercent} of `fail` failures in `calls` calls: what the table, the HTML and the CLI show. */
export function formatFailPercent(fail: number, calls: number): string {
  return formatPercent(failRate(fail, calls));
}

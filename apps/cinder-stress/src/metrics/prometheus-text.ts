/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: a run's figures already
 * live in `Stats` and the run's counters, so a scrape only formats them. Families are written whole
 * (HELP, TYPE, then every sample), label values escaped as the format requires.
 */

/** The `Content-Type` of a `/metrics` answer in this format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label names to values of one sample. */
export type Labels = Readonly<Record<string, string>>;

/** One sample of a counter or gauge. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** One labelled series of a histogram: cumulative counts per upper bound, then the sum and count. */
export interface HistogramSeries {
  labels: Labels;
  /** Samples at or below each of the family's `bounds` (same length, non-decreasing). */
  cumulativeCounts: readonly number[];
  /** Sum of all samples, in the family's unit. */
  sum: number;
  /** All samples (the `+Inf` bucket). */
  count: number;
}

/** A counter or gauge family. */
export interface ScalarFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: readonly Sample[];
}

/** A histogram family: `<name>_bucket{le=...}`, `<name>_sum`, `<name>_count` per series. */
export interface HistogramFamily {
  name: string;
  help: string;
  type: 'histogram';
  /** Upper bounds of the buckets, ascending, without `+Inf` (added). */
  bounds: readonly number[];
  series: readonly HistogramSeries[];
}

/** A metric family in the exposition. */
export type MetricFamily = ScalarFamily | HistogramFamily;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value as the format wants it inside double quotes: `\`, `"` and line feeds escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A HELP text as the format wants it: `\` and line feeds escaped. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value: integers as they are, `+Inf`/`-Inf`/`NaN` spelled as the format spells them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function labelText(labels: Labels, extra?: readonly [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push([extra[0], extra[1]]);
  if (pairs.length === 0) return '';
  for (const [name] of pairs) {
    if (!LABEL_NAME.test(name) || name.startsWith('__'))
      throw new RangeError(`invalid Prometheus label name ${JSON.stringify(name)}`);
  }
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/**
 * The exposition text of `families`, ending with a line feed. Throws a `RangeError` naming a metric
 * or label name the format does not allow, or a histogram series whose counts do not match its bounds.
 */
export function formatPrometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name))
      throw new RangeError(`invalid Prometheus metric name ${JSON.stringify(family.name)}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type !== 'histogram') {
      for (const sample of family.samples)
        lines.push(`${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}`);
      continue;
    }
    for (const series of family.series) {
      if (series.cumulativeCounts.length !== family.bounds.length)
        throw new RangeError(
          `histogram ${family.name}: ${series.cumulativeCounts.length} counts for ${family.bounds.length} bounds`,
        );
      family.bounds.forEach((bound, i) => {
        lines.push(
          `${family.name}_bucket${labelText(series.labels, ['le', formatValue(bound)])} ${formatValue(series.cumulativeCounts[i]!)}`,
        );
      });
      lines.push(
        `${family.name}_bucket${labelText(series.labels, ['le', '+Inf'])} ${formatValue(series.count)}`,
        `${family.name}_sum${labelText(series.labels)} ${formatValue(series.sum)}`,
        `${family.name}_count${labelText(series.labels)} ${formatValue(series.count)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

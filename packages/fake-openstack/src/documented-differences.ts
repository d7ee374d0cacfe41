/**
 * A difference between the fake's answer and a real Zed cloud's that the fake keeps on purpose. The
 * field-by-field comparison (`test/real-cloud-comparison.test.ts`) fails on any difference this list
 * does not name, and on any entry that no longer occurs; the package README's table is rendered from
 * it ({@link documentedDifferencesTable}).
 */
export interface DocumentedDifference {
  /**
   * The exchanges it occurs in: an exchange name of the comparison (`cinder: POST /volumes`), `*`
   * standing for any run of characters.
   */
  exchange: string;
  /**
   * Where in the answer: `status`, `header <name>`, or a body path (`body.volume.host`, array
   * elements as `[]`), `*` standing for any run of characters.
   */
  where: string;
  /** What differs, in a few words, for the README's table. */
  what: string;
  /** Why the fake answers otherwise. */
  why: string;
}

/** The differences from a real Zed cloud the fake keeps on purpose, each with its reason. */
export const DOCUMENTED_DIFFERENCES: readonly DocumentedDifference[] = Object.freeze([]);

/** `pattern` (with `*` for any run of characters) as an anchored regular expression. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

/** The documented difference that covers a difference found in `exchange` at `where`, if any. */
export function documentedDifference(
  exchange: string,
  where: string,
  list: readonly DocumentedDifference[] = DOCUMENTED_DIFFERENCES,
): DocumentedDifference | undefined {
  return list.find((d) => wildcard(d.exchange).test(exchange) && wildcard(d.where).test(where));
}

/** The documented differences as the Markdown table of the package README (one row per entry). */
export function documentedDifferencesTable(
  list: readonly DocumentedDifference[] = DOCUMENTED_DIFFERENCES,
): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = list.map(
    (d) => `| ${cell(d.exchange)} | \`${cell(d.where)}\` | ${cell(d.what)} | ${cell(d.why)} |`,
  );
  return ['| exchange | where | difference | why |', '|---|---|---|---|', ...rows].join('\n');
}

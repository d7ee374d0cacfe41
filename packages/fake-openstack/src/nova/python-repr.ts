/**
 * `repr()` of a JSON value as Python prints the dict it parsed (what Nova's request-schema errors
 * quote after `Value:`): single-quoted strings (double-quoted when they hold a `'` and no `"`),
 * `True`/`False`/`None`, `{'k': v}` and `[a, b]` in the order received.
 */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (value.includes("'") && !value.includes('"')) return `"${value.replaceAll('\\', '\\\\')}"`;
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/**
 * How a user names setting `key` (a clouds.yaml key such as `cacert`) of settings read from
 * `source`: `OS_CACERT` from the environment, `cacert (in <file> (clouds.<name>))` from clouds.yaml,
 * and `cacert (clouds.yaml) or OS_CACERT` when the source is not known.
 */
export function settingName(key: string, source?: string): string {
  const variable = `OS_${key.toUpperCase()}`;
  if (source === 'environment') return variable;
  if (source === undefined) return `${key} (clouds.yaml) or ${variable}`;
  return `${key} (in ${source})`;
}

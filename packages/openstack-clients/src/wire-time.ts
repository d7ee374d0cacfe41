/**
 * Parses the three timestamp forms OpenStack uses: Cinder's naive ISO with microseconds
 * (`2019-03-12T04:42:00.809352`, UTC), Nova's and Neutron's `...Z`, Keystone's `....000000Z`.
 * Returns `null` for null/absent values and throws on anything else unparseable.
 */
export function parseOpenStackTime(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string')
    throw new TypeError(`Expected an OpenStack timestamp string, got ${typeof value}`);
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/.exec(value.trim());
  if (!match) throw new TypeError(`Unparseable OpenStack timestamp ${JSON.stringify(value)}`);
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return new Date(`${match[1]}.${millis}${match[3] ?? 'Z'}`);
}

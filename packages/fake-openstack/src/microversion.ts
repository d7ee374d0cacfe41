import { FakeHttpError } from './fake-context';

/** A service's microversion range. Versions are compared as `major * 1000 + minor`. */
export interface MicroversionRange {
  /** Name in the `OpenStack-API-Version` header: `volume` or `compute`. */
  service: string;
  min: [number, number];
  max: [number, number];
}

/**
 * Parses the `OpenStack-API-Version` header value for `range` (absent: the minimum; `latest`: the
 * maximum). Malformed is a 400 (without version headers), out of range a 406 (with them), in Cinder's
 * and Nova's wording.
 */
export function parseMicroversion(
  header: string | undefined,
  range: MicroversionRange,
): { version: number; header: string } {
  const [minMajor, minMinor] = range.min;
  const [maxMajor, maxMinor] = range.max;
  if (header === undefined || header === '')
    return { version: minMajor * 1000 + minMinor, header: `${range.service} ${minMajor}.${minMinor}` };
  let requested: string | undefined;
  for (const part of header.split(',')) {
    const [service, value] = part.trim().split(/\s+/);
    if (service?.toLowerCase() === range.service) requested = value;
  }
  if (requested === undefined)
    return { version: minMajor * 1000 + minMinor, header: `${range.service} ${minMajor}.${minMinor}` };
  if (requested === 'latest')
    return { version: maxMajor * 1000 + maxMinor, header: `${range.service} ${maxMajor}.${maxMinor}` };
  const match = /^(\d+)\.(\d+)$/.exec(requested);
  if (!match)
    throw new FakeHttpError(
      400,
      `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  const version = Number(match[1]) * 1000 + Number(match[2]);
  if (version < minMajor * 1000 + minMinor || version > maxMajor * 1000 + maxMinor) {
    // The answer echoes the version asked for, as Cinder's does.
    throw new FakeHttpError(
      406,
      `Version ${requested} is not supported by the API. Minimum is ${minMajor}.${minMinor} and maximum is ${maxMajor}.${maxMinor}.`,
      {
        headers: { 'openstack-api-version': `${range.service} ${requested}`, vary: 'OpenStack-API-Version' },
      },
    );
  }
  return { version, header: `${range.service} ${match[1]}.${match[2]}` };
}

/** The minimum of `range` as text (`3.0`). */
export function rangeMin(range: MicroversionRange): string {
  return `${range.min[0]}.${range.min[1]}`;
}

/** The maximum of `range` as text (`3.70`). */
export function rangeMax(range: MicroversionRange): string {
  return `${range.max[0]}.${range.max[1]}`;
}

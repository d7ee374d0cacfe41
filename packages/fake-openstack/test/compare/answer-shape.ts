/** An HTTP answer as the comparison reads it. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or `undefined` when it is not JSON (then `text` is compared by kind). */
  json: unknown;
  text: string;
}

/**
 * The shape of an answer: every place in it (`status`, `header <name>`, body paths with `[]` for
 * array elements) mapped to the sorted kinds of value found there. Values that legitimately differ
 * between two clouds are normalised to their kind (`<uuid>`, `<hex32>`, a timestamp's format, a URL's
 * path without host, port or the fake's service prefix); the fields in {@link LITERAL_KEYS} keep
 * their value, with ids and numbers inside it normalised.
 */
export type Shape = Map<string, string[]>;

/** Headers whose value (normalised) is compared; others are not. */
const COMPARED_HEADERS = [
  'content-type',
  'openstack-api-version',
  'x-openstack-nova-api-version',
  'vary',
  'location',
  'www-authenticate',
  'retry-after',
];
/** Headers whose presence only is compared. */
const PRESENT_HEADERS = ['x-openstack-request-id', 'x-compute-request-id', 'x-subject-token'];

/** Keys whose values are compared (normalised), not only their kinds: states, error texts, enums. */
const LITERAL_KEYS = new Set([
  'status',
  'attach_status',
  'OS-EXT-STS:vm_state',
  'OS-EXT-STS:task_state',
  'OS-EXT-STS:power_state',
  'rel',
  'interface',
  'title',
  'message',
  'code',
  'bootable',
  'replication_status',
  'volume_type',
  'availability_zone',
  'OS-EXT-AZ:availability_zone',
  'visibility',
  'disk_format',
  'container_format',
  'type',
  'retryAfter',
  'progress',
  'media-types',
  'base',
  'methods',
  'router:external',
  'shared',
  'admin_state_up',
  'OS-DCF:diskConfig',
  'encrypted',
  'multiattach',
  'os-flavor-access:is_public',
]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX32 = /\b[0-9a-f]{32}\b/gi;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
const URL_RE = /^https?:\/\/[^/\s"]+(\/[^\s"]*)?/;
/** Path prefixes the fake serves each service under (a real cloud uses a port per service). */
const FAKE_PREFIXES = /^\/(volume|compute|identity|networking|image)(?=\/|$)/;

/** A URL's path (and query) without scheme, host, port or the fake's service prefix, ids normalised. */
export function urlKind(url: string): string {
  const match = URL_RE.exec(url);
  if (!match) return url;
  // A flavor's id is the cloud's choice (`1`, `track-tiny`): its place in a URL is normalised.
  const path = ((match[1] ?? '/').replace(FAKE_PREFIXES, '') || '/').replace(
    /\/flavors\/[^/?]+/,
    '/flavors/<id>',
  );
  return `<url>${ids(path)}`;
}

/** Ids inside a text replaced by their kind. */
function ids(text: string): string {
  return text.replace(UUID, '<uuid>').replace(HEX32, '<hex32>');
}

/**
 * Values each cloud names its own way (its flavor's and image's ids), each with the placeholder that
 * replaces it wherever a literal shows it.
 */
type Aliases = [string, string][];

/** A literal value with what legitimately differs (the cloud's own ids, URLs, ids, numbers) normalised. */
function literal(value: string, aliases: Aliases): string {
  let text = value;
  // Only where quoted, as Python's repr shows a value: a flavor id `1` is not every digit 1.
  for (const [from, to] of aliases) text = text.replaceAll(`'${from}'`, `'${to}'`);
  return ids(text.replace(/https?:\/\/[^\s"']+/g, (u) => urlKind(u))).replace(/\d+/g, 'N');
}

/** The kind of a scalar value at `key`. */
function kind(key: string, value: unknown, aliases: Aliases): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return LITERAL_KEYS.has(key) ? String(value) : 'boolean';
  if (typeof value === 'number') {
    if (LITERAL_KEYS.has(key)) return `number ${value}`;
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  if (typeof value !== 'string') return typeof value;
  if (LITERAL_KEYS.has(key)) return `"${literal(value, aliases)}"`;
  if (value === '') return '""';
  if (TIME.test(value)) return `<time ${value.replace(/\d/g, 'd')}>`;
  if (URL_RE.test(value)) return urlKind(value);
  const whole = ids(value);
  if (whole === '<uuid>' || whole === '<hex32>') return whole;
  return 'string';
}

function walk(value: unknown, path: string, key: string, out: Shape, aliases: Aliases): void {
  if (Array.isArray(value)) {
    if (value.length === 0) add(out, path, '[]');
    else add(out, path, 'array');
    for (const item of value) walk(item, `${path}[]`, key, out, aliases);
    return;
  }
  if (value !== null && typeof value === 'object') {
    add(out, path, 'object');
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${normaliseKey(k)}`, k, out, aliases);
    return;
  }
  add(out, path, kind(key, value, aliases));
}

/** Per-volume-type quota keys depend on the cloud's volume types: their pattern is compared. */
function normaliseKey(key: string): string {
  return key.replace(/^(volumes|gigabytes|snapshots)_.+$/, '$1_<type>');
}

function add(out: Shape, path: string, value: string): void {
  const list = out.get(path);
  if (list === undefined) out.set(path, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * The shape of one answer (see {@link Shape}); `cloudValues` maps values this cloud chose (its
 * flavor's id) to the placeholder both clouds' literals show instead.
 */
export function shapeOf(answer: Answer, cloudValues: Record<string, string> = {}): Shape {
  const aliases: Aliases = Object.entries(cloudValues).filter(([from]) => from !== '');
  const out: Shape = new Map();
  out.set('status', [String(answer.status)]);
  for (const name of COMPARED_HEADERS) {
    const value = answer.headers.get(name);
    if (value === null) continue;
    out.set(`header ${name}`, [name === 'location' ? urlKind(value) : literal(value, aliases)]);
  }
  for (const name of PRESENT_HEADERS)
    if (answer.headers.get(name) !== null) out.set(`header ${name}`, ['present']);
  if (answer.json !== undefined) walk(answer.json, 'body', '', out, aliases);
  else out.set('body', [answer.text === '' ? 'empty' : 'text']);
  for (const list of out.values()) list.sort();
  return out;
}

/** One place where two answers differ: what the fake has there and what the real cloud has. */
export interface ShapeDifference {
  where: string;
  fake: string;
  real: string;
}

/** The places where the fake's answer differs from the real one's. */
export function diffShapes(fake: Shape, real: Shape): ShapeDifference[] {
  const out: ShapeDifference[] = [];
  const places = [...new Set([...fake.keys(), ...real.keys()])].sort();
  for (const where of places) {
    const f = fake.get(where);
    const r = real.get(where);
    const ft = f === undefined ? '(absent)' : f.join(' | ');
    const rt = r === undefined ? '(absent)' : r.join(' | ');
    if (ft !== rt) out.push({ where, fake: ft, real: rt });
  }
  // A place absent from one side is reported once, at its top: its children say nothing more.
  return out.filter(
    (d) =>
      !out.some(
        (parent) =>
          parent !== d &&
          (parent.fake === '(absent)' || parent.real === '(absent)') &&
          (d.where.startsWith(`${parent.where}.`) || d.where.startsWith(`${parent.where}[]`)),
      ),
  );
}

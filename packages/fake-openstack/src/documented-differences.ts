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
export const DOCUMENTED_DIFFERENCES: readonly DocumentedDifference[] = Object.freeze([
  {
    exchange: 'keystone: * /v3/auth/tokens (*)',
    where: 'body.token.catalog[].endpoints[].url',
    what: "the identity endpoint is `<origin>/identity` (the real cloud's: Keystone's `/v3`)",
    why: 'the fake serves every service under one origin, devstack-style (`/identity`, `/volume`, ...); each cloud registers the URLs it serves',
  },
  {
    exchange: 'keystone: * /v3/auth/tokens (*)',
    where: 'body.token.catalog[].type',
    what: 'no `placement` service in the catalog',
    why: 'the fake serves no Placement API: only Nova calls it, and the fake Nova schedules by itself',
  },
  {
    exchange: '*: GET * (unknown token)',
    where: 'header www-authenticate',
    what: "a service's 401 points at Keystone v3 (`<origin>/identity/v3`), the real cloud's at Keystone's root",
    why: "each deployment sets keystonemiddleware's `www_authenticate_uri`; the fake names the v3 URL clients authenticate at",
  },
  {
    exchange: 'cinder: GET /types',
    where: 'body.volume_types[]*',
    what: 'a second volume type `lvmdriver-1` (no description, a backend name)',
    why: "devstack's default type, so type-aware tools find one; the real cloud's has only `__DEFAULT__`",
  },
  {
    exchange: 'glance: GET /v2/images*',
    where: 'body*.disk_format',
    what: 'the image is a qcow2 CirrOS (the real cloud uploads a 1 MiB raw image)',
    why: "the image each cloud was given; only its format's value differs",
  },
  {
    exchange: 'neutron: GET /v2.0/networks',
    where: 'body.networks[].router:external',
    what: 'the project also sees its own `private` network',
    why: "the fake boots servers on a project network (devstack's `private`); the real CI cloud has no mechanism driver to bind ports, so its member has no network",
  },
  {
    exchange: 'neutron: GET /v2.0/extensions',
    where: 'body.extensions[].updated',
    what: 'four extensions listed (the real cloud lists dozens, their `updated` stamps in several formats)',
    why: 'the fake lists only the extensions it serves (router, external-net, quotas, quota_details), so tools never call an API it lacks',
  },
  {
    exchange: 'neutron: GET /v2.0/networks*',
    where: 'body.network*.subnets*',
    what: 'networks list no subnets',
    why: 'the fake serves no subnets API, and lists no ids that would lead nowhere',
  },
]);

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
    (d) => `| \`${cell(d.exchange)}\` | \`${cell(d.where)}\` | ${cell(d.what)} | ${cell(d.why)} |`,
  );
  return ['| exchange | where | difference | why |', '|---|---|---|---|', ...rows].join('\n');
}

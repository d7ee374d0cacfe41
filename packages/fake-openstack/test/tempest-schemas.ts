import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

/** Where the system Python with Debian's python3-tempest lives (a pyenv `python3` earlier on PATH lacks it). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const DUMP_SCRIPT = fileURLToPath(new URL('../scripts/dump-tempest-schemas.py', import.meta.url));

/** One Tempest response schema: expected status codes and the JSON schema of the body. */
export interface TempestSchema {
  status_code: number[];
  response_body?: Record<string, unknown>;
}

/** What `scripts/dump-tempest-schemas.py` prints. */
export interface TempestSchemaDump {
  tempest: string;
  modules: Record<string, Record<string, TempestSchema>>;
  clients: Record<string, { min: string | null; max: string | null; module: string }[]>;
}

/** Whether the system Python can import Tempest (Debian's python3-tempest is installed). */
export function tempestInstalled(): boolean {
  if (!existsSync(SYSTEM_PYTHON)) return false;
  try {
    execFileSync(SYSTEM_PYTHON, ['-c', 'import tempest.lib.api_schema.response'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs the dump script against the installed Tempest: its schemas are the truth, not a copy. */
export function loadTempestSchemas(): TempestSchemaDump {
  const out = execFileSync(SYSTEM_PYTHON, [DUMP_SCRIPT], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(out) as TempestSchemaDump;
}

/**
 * Where Tempest 33's schemas predate the API they describe: fields real Cinder 21 and Nova 26 return
 * at a microversion Tempest has no schema for (seen on the real Cinder 21 of
 * scripts/real-openstack, and in Nova 26's nova/api/openstack/compute/volumes.py). Before
 * validation these fields are taken out (and, for 2.89 attachments, `id` put back), so every other
 * field is still checked strictly.
 */
export const TEMPEST_GAPS: {
  schema: RegExp;
  from: string;
  drop: string[];
  /** Put `id` back from this field (Nova 2.89 replaced it). */
  idFrom?: string;
  why: string;
}[] = [
  {
    schema: /^volume\.snapshots\./,
    from: '3.14',
    drop: ['group_snapshot_id'],
    why: 'Cinder 3.14 adds group_snapshot_id; Tempest has no microversioned snapshot schema',
  },
  {
    schema: /^volume\.snapshots\./,
    from: '3.41',
    drop: ['user_id'],
    why: 'Cinder 3.41 adds user_id to snapshots',
  },
  {
    schema: /^volume\.snapshots\./,
    from: '3.65',
    drop: ['consumes_quota'],
    why: 'Cinder 3.65 adds consumes_quota to snapshots',
  },
  {
    schema: /^volume\.v3_6[3-9]\.volumes\.update_volume$/,
    from: '3.63',
    drop: ['volume_type_id', 'consumes_quota'],
    why: "Cinder 21's update answer carries volume_type_id (3.63) and consumes_quota (3.65); Tempest's update schema lacks them",
  },
  {
    schema: /^compute\.v2_79\.servers\.(list_volume_attachments|show_volume_attachment)$/,
    from: '2.89',
    drop: ['attachment_id', 'bdm_uuid'],
    idFrom: 'volumeId',
    why: 'Nova 2.89 shows attachment_id and bdm_uuid instead of id; Tempest 33 stops at 2.79',
  },
];

function withoutGaps(schemaName: string, version: string, body: unknown): unknown {
  const v = versionNumber(version);
  const gaps = TEMPEST_GAPS.filter((g) => g.schema.test(schemaName) && versionNumber(g.from) <= v);
  if (gaps.length === 0) return body;
  const strip = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    for (const gap of gaps) {
      if (gap.idFrom !== undefined && gap.drop.some((f) => f in copy)) copy.id = copy[gap.idFrom];
      for (const field of gap.drop) delete copy[field];
    }
    return copy;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>))
    out[key] = Array.isArray(value) ? value.map(strip) : strip(value);
  return out;
}

function versionNumber(text: string): number {
  const [major, minor] = text.split('.').map(Number);
  return major! * 1000 + minor!;
}

/** `oslo_utils.timeutils.parse_isotime` accepts ISO 8601 date-times (what Tempest's checker calls). */
const ISO8601 = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d)?)?$/;

/**
 * Validates responses as Tempest's service clients do: the schema a client picks at a microversion
 * (its `schema_versions_info`), the status code in `status_code`, the body against `response_body`
 * (draft 4, with the formats Tempest's checker knows: ipv4, ipv6, iso8601-date-time; `uuid` and
 * `uri` are not checked by Tempest), and no body where the schema has none.
 */
export class TempestValidator {
  readonly #dump: TempestSchemaDump;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(dump: TempestSchemaDump) {
    this.#dump = dump;
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    this.#ajv.addFormat('ipv4', /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
    this.#ajv.addFormat('ipv6', /^[0-9a-fA-F]*:[0-9a-fA-F:.]*$/);
    this.#ajv.addFormat('iso8601-date-time', ISO8601);
    for (const unchecked of ['uuid', 'uri', 'base64', 'email', 'date-time'])
      this.#ajv.addFormat(unchecked, true);
  }

  /** The schema module `client` uses at `version` (`3.70`), or `module` itself when it is a module name. */
  module(clientOrModule: string, version: string): string {
    const infos = this.#dump.clients[clientOrModule];
    if (!infos) return clientOrModule;
    const v = versionNumber(version);
    const found = infos.find(
      (i) => (i.min === null || versionNumber(i.min) <= v) && (i.max === null || v <= versionNumber(i.max)),
    );
    if (!found) throw new Error(`no schema of ${clientOrModule} at ${version}`);
    return found.module;
  }

  /**
   * Problems of one response against schema `name` of `clientOrModule` at `version`, as readable
   * lines; empty when Tempest would accept it. A name missing from a versioned module is looked up
   * in the service's base module, as the clients import both.
   */
  check(
    clientOrModule: string,
    version: string,
    name: string,
    response: { status: number; body: string },
  ): string[] {
    const moduleName = this.module(clientOrModule, version);
    const service = moduleName.split('.')[0]!;
    const base = moduleName.split('.').pop()!;
    const schema =
      this.#dump.modules[moduleName]?.[name] ??
      this.#dump.modules[`${service}.${base}`]?.[name] ??
      this.#dump.modules[`${service}.v2_1.${base}`]?.[name];
    if (!schema) throw new Error(`Tempest has no schema ${moduleName}.${name}`);
    const where = `${moduleName}.${name} @${version}`;
    const problems: string[] = [];
    if (!schema.status_code.includes(response.status))
      problems.push(
        `${where}: status ${response.status}, expected ${schema.status_code.join('/')}: ${response.body.slice(0, 300)}`,
      );
    if (!schema.response_body) {
      if (response.body !== '')
        problems.push(`${where}: a body where none is expected: ${response.body.slice(0, 200)}`);
      return problems;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      problems.push(`${where}: body is not JSON: ${response.body.slice(0, 200)}`);
      return problems;
    }
    const key = `${moduleName}.${name}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#ajv.compile(schema.response_body);
      this.#compiled.set(key, validate);
    }
    if (!validate(withoutGaps(key, version, body))) {
      for (const e of validate.errors ?? [])
        problems.push(
          `${where}: ${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
        );
    }
    return problems;
  }
}

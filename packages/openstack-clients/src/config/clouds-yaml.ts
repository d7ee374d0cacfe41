import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors';
import type { CloudConfig } from '../identity/credentials';
import { cloudConfigFromSettings } from './cloud-settings';

/** Where openstacksdk looks for `clouds.yaml` (and `secure.yaml`), first found wins. */
export function configSearchPath(
  baseName: 'clouds' | 'secure',
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const home = env.SNAP_REAL_HOME || homedir();
  const dirs = [
    process.cwd(),
    join(env.XDG_CONFIG_HOME || join(home, '.config'), 'openstack'),
    join(home, '.config', 'openstack'),
    '/etc/xdg/openstack',
    '/etc/openstack',
  ];
  const files = dirs.flatMap((dir) => ['yaml', 'yml', 'json'].map((ext) => join(dir, `${baseName}.${ext}`)));
  const explicit = baseName === 'clouds' ? env.OS_CLIENT_CONFIG_FILE : env.OS_CLIENT_SECURE_FILE;
  return explicit ? [resolve(explicit), ...files] : files;
}

function readYaml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read ${path}: ${(error as Error).message}`,
      { source: path },
      { cause: error },
    );
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new ConfigError(
      `${path}${line ? `:${line}` : ''} is not valid YAML: ${first.message.split('\n')[0]}`,
      { source: path, field: line ? `line ${line}` : undefined },
    );
  }
  const value = doc.toJS() as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${path} must hold a mapping with a 'clouds' key`, {
      source: path,
      field: 'clouds',
    });
  return value as Record<string, unknown>;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      current &&
      value &&
      typeof current === 'object' &&
      typeof value === 'object' &&
      !Array.isArray(current) &&
      !Array.isArray(value)
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/**
 * Loads cloud `cloud` from `path` (or the first clouds.yaml on the standard search path), deep-merges
 * its `secure.yaml` entry, and builds its {@link CloudConfig}. Errors name the file and the field.
 */
export function loadCloudFromYaml(args: {
  cloud: string;
  path?: string;
  regionName?: string;
  env?: NodeJS.ProcessEnv;
}): CloudConfig {
  const env = args.env ?? process.env;
  const candidates = args.path ? [resolve(args.path)] : configSearchPath('clouds', env);
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    throw new ConfigError(
      args.path
        ? `clouds.yaml not found at ${args.path}`
        : `No clouds.yaml found (looked in ${candidates.join(', ')}); create one or set OS_CLIENT_CONFIG_FILE`,
      { source: args.path ?? 'clouds.yaml search path', field: 'clouds' },
    );
  }
  const clouds = readYaml(path).clouds;
  if (clouds === null || typeof clouds !== 'object' || Array.isArray(clouds))
    throw new ConfigError(`${path} has no 'clouds' mapping`, { source: path, field: 'clouds' });
  let settings = (clouds as Record<string, unknown>)[args.cloud];
  if (settings === undefined) {
    const names = Object.keys(clouds).join(', ') || 'none';
    throw new ConfigError(
      `Cloud ${JSON.stringify(args.cloud)} is not defined in ${path} (clouds: ${names})`,
      { source: path, field: `clouds.${args.cloud}` },
    );
  }
  if (settings === null || typeof settings !== 'object')
    throw new ConfigError(`clouds.${args.cloud} in ${path} must be a mapping`, {
      source: path,
      field: `clouds.${args.cloud}`,
    });
  const securePath = configSearchPath('secure', env).find((p) => existsSync(p));
  if (securePath) {
    const secure = (readYaml(securePath).clouds as Record<string, unknown> | undefined)?.[args.cloud];
    if (secure && typeof secure === 'object')
      settings = deepMerge(settings as Record<string, unknown>, secure as Record<string, unknown>);
  }
  const merged = { ...(settings as Record<string, unknown>) };
  if (args.regionName) merged.region_name = args.regionName;
  const regions = merged.regions;
  if (merged.region_name && Array.isArray(regions) && regions.length > 0) {
    const names = regions.map((r) => (typeof r === 'string' ? r : (r as { name?: string }).name));
    if (!names.includes(String(merged.region_name))) {
      throw new ConfigError(
        `region_name ${JSON.stringify(merged.region_name)} is not one of the regions of cloud ${args.cloud} in ${path} (${names.join(', ')})`,
        { source: path, field: `clouds.${args.cloud}.region_name` },
      );
    }
  }
  return cloudConfigFromSettings(args.cloud, merged, `${path} (clouds.${args.cloud})`);
}

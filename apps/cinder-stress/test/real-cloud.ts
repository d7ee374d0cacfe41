import { appendFileSync } from 'node:fs';
import { loadCloudFromYaml, Manager } from '@track/openstack-clients';

/**
 * The real-cloud end-to-end settings: `TRACK_REAL_CLOUD=all` (Keystone, Cinder, Nova, Neutron) or
 * `volume` (a Cinder-only cloud), with the member's OS_* settings and an admin cloud in clouds.yaml
 * (`TRACK_ADMIN_CLOUD`, default `admin`) for the leak checks. `scripts/real-openstack/up.sh` prints
 * and writes all of them.
 */
export interface RealCloud {
  mode: 'all' | 'volume' | undefined;
  /** Why the real-cloud tests are skipped (empty when they run). */
  skipReason: string;
}

/** Reads {@link RealCloud} from the environment. */
export function realCloudFromEnv(env: NodeJS.ProcessEnv = process.env): RealCloud {
  const mode = env.TRACK_REAL_CLOUD;
  if (mode === undefined || mode === '')
    return {
      mode: undefined,
      skipReason:
        'TRACK_REAL_CLOUD is not set (bring a cloud up with scripts/real-openstack/up.sh, or run pnpm test:openstack)',
    };
  if (mode !== 'all' && mode !== 'volume')
    throw new Error(`TRACK_REAL_CLOUD must be 'all' or 'volume', got ${JSON.stringify(mode)}`);
  if (!env.OS_AUTH_URL)
    throw new Error('TRACK_REAL_CLOUD is set but OS_AUTH_URL is not: source the env.sh that up.sh wrote');
  return { mode, skipReason: '' };
}

/** The admin of the real cloud (clouds.yaml cloud `TRACK_ADMIN_CLOUD`, default `admin`). */
export function adminManager(env: NodeJS.ProcessEnv = process.env): Manager {
  return new Manager(loadCloudFromYaml({ cloud: env.TRACK_ADMIN_CLOUD ?? 'admin', env }), {
    client: { waiter: { intervalMs: 500, timeoutMs: 120_000 } },
  });
}

/** A resource a test run left on the cloud. */
export interface Leftover {
  kind: 'volume' | 'snapshot' | 'server';
  name: string;
  id: string;
  status: string;
  projectId?: string;
}

/** The names `cinder-stress` gives what it creates: `track-<run id>-<kind>-<n>`. */
export const TOOL_NAME = /^track-[a-z0-9]+-(server|snapshot|volume)-\d+$/;

/**
 * Every volume, snapshot and server in any project whose name `matches` (a prefix, or a pattern such
 * as {@link TOOL_NAME}), as the admin sees them. Servers only when the cloud has Nova.
 */
export async function leftovers(
  admin: Manager,
  withServers: boolean,
  matches: string | RegExp,
): Promise<Leftover[]> {
  const ours = (name: string | null): name is string =>
    name !== null && (typeof matches === 'string' ? name.startsWith(matches) : matches.test(name));
  const [volumes, snapshots] = await Promise.all([
    admin.volumesClient.listVolumesDetail({ allTenants: true }),
    admin.snapshotsClient.listSnapshotsDetail({ allTenants: true }),
  ]);
  const found: Leftover[] = [
    ...volumes
      .filter((v) => ours(v.name))
      .map((v) => ({ kind: 'volume' as const, name: v.name!, id: v.id, status: v.status })),
    ...snapshots
      .filter((s) => ours(s.name))
      .map((s) => ({ kind: 'snapshot' as const, name: s.name!, id: s.id, status: s.status })),
  ];
  if (withServers) {
    // `all_tenants` is not among the typed query fields of listServersDetail; Nova takes it as a
    // query parameter like the others, which the client passes through.
    const allProjects = { all_tenants: 1 } as unknown as { name?: string };
    const servers = await admin.serversClient.listServersDetail(allProjects);
    found.push(
      ...servers
        .filter((s) => ours(s.name))
        .map((s) => ({ kind: 'server' as const, name: s.name, id: s.id, status: s.status })),
    );
  }
  return found;
}

/** Percentile `p` (0..1) of `values` (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Writes `text` to the CI log (stdout) and appends it to `TRACK_REAL_CLOUD_REPORT` when set. */
export function report(text: string, env: NodeJS.ProcessEnv = process.env): void {
  process.stdout.write(`${text}\n`);
  if (env.TRACK_REAL_CLOUD_REPORT) appendFileSync(env.TRACK_REAL_CLOUD_REPORT, `${text}\n`);
}

import { EndpointNotFound, type Manager, type RetryPolicy } from '@track/openstack-clients';
import { cleanupRetryPolicy } from './cleanup';
import { DELETE_ORDER, type JournalEntry, type ResourceKind } from './resource-journal';

/** Catalog service types per resource kind. */
const SERVICE_OF: Record<ResourceKind, 'compute' | 'block-storage'> = {
  server: 'compute',
  snapshot: 'block-storage',
  volume: 'block-storage',
};

/** What {@link findToolResources} found, and what it could not look at. */
export interface ToolResources {
  resources: JournalEntry[];
  /** Kinds skipped because the catalog has no endpoint of their service (a Cinder-only cloud has no compute). */
  skipped: { kinds: ResourceKind[]; service: string; reason: string }[];
  /** Kinds whose list failed even after retries: resources of these kinds may be left unseen. */
  unlisted: { kinds: ResourceKind[]; reason: string }[];
}

/**
 * Every resource of this tool (`track-` names), or of one run (`track-<runId>-`), on the cloud. A
 * resource must carry both the full name pattern and the `track-run` metadata of the run its name
 * names (servers, volumes and snapshots all take metadata), so a look-alike name alone is not enough.
 * A service the catalog does not have is skipped and named in `skipped`; list calls are retried on
 * transient faults by the clients' RetryPolicy, and a list that still fails is named in `unlisted`
 * while the other kinds are listed all the same. Throws only what authentication throws.
 */
export async function findToolResources(
  manager: Manager,
  runId?: string,
  options: { signal?: AbortSignal; retryPolicy?: RetryPolicy } = {},
): Promise<ToolResources> {
  const retry = options.retryPolicy ?? cleanupRetryPolicy();
  const run = <T>(fn: () => Promise<T>) => retry.run(fn, options.signal ? { signal: options.signal } : {});
  const found: ToolResources = { resources: [], skipped: [], unlisted: [] };
  const ours = (r: { name: string | null; metadata?: Record<string, string> }): r is { name: string } =>
    isToolResource(r, runId);
  const listers: Record<ResourceKind, () => Promise<{ id: string; name: string | null }[]>> = {
    server: () => manager.serversClient.listServersDetail(),
    snapshot: () => manager.snapshotsClient.listSnapshotsDetail(),
    volume: () => manager.volumesClient.listVolumesDetail(),
  };
  for (const service of ['compute', 'block-storage'] as const) {
    const kinds = DELETE_ORDER.filter((k) => SERVICE_OF[k] === service);
    try {
      await run(() => manager.session.endpoint(service));
    } catch (error) {
      if (!(error instanceof EndpointNotFound)) throw error;
      found.skipped.push({ kinds, service, reason: error.message });
      continue;
    }
    for (const kind of kinds) {
      try {
        const list = await run(listers[kind]);
        found.resources.push(...list.filter(ours).map((r) => ({ kind, name: r.name as string, id: r.id })));
      } catch (error) {
        found.unlisted.push({ kinds: [kind], reason: (error as Error)?.message ?? String(error) });
      }
    }
  }
  return found;
}

const TOOL_NAME = /^track-([a-z0-9]+)-(server|snapshot|volume)-\d+$/;

/**
 * True when `resource` was created by this tool (by run `runId` when given): its name has the full
 * `track-<runId>-<kind>-<n>` pattern and its `track-run` metadata names the same run.
 */
export function isToolResource(
  resource: { name: string | null; metadata?: Record<string, string> },
  runId?: string,
): boolean {
  const match = resource.name === null ? null : TOOL_NAME.exec(resource.name);
  if (!match) return false;
  if (runId !== undefined && match[1] !== runId) return false;
  return resource.metadata?.['track-run'] === match[1];
}

import { type FakeContext, FakeHttpError, later, newUuid, parseJsonBody } from '../fake-context';
import type { FakeRequest } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import type { CinderQuotas } from './quotas';
import type { FakeSnapshot, FakeVolume, FakeVolumeType } from './records';

/** What every Cinder resource module shares: the stored resources, the context, and lookups by token. */
export class CinderState {
  readonly volumes = new Map<string, FakeVolume>();
  readonly snapshots = new Map<string, FakeSnapshot>();
  /** Volume types; the first is the default type. */
  readonly types: FakeVolumeType[] = [
    {
      id: newUuid(),
      name: '__DEFAULT__',
      description: 'Default Volume Type',
      isPublic: true,
      extraSpecs: {},
    },
    {
      id: newUuid(),
      name: 'lvmdriver-1',
      description: null,
      isPublic: true,
      extraSpecs: { volume_backend_name: 'lvmdriver-1' },
    },
  ];
  readonly context: FakeContext;
  /** Quotas set per project by `PUT /os-quota-sets/{project_id}`, over the configured defaults. */
  readonly quotaOverrides = new Map<string, Partial<CinderQuotas>>();

  constructor(context: FakeContext) {
    this.context = context;
  }

  /** Runs `run` after `baseDelay` (scaled), unless the resource gets stuck. */
  later(baseDelay: number, run: () => void): void {
    later(this.context, baseDelay, run);
  }

  /** Sets a resource's status and its `updated_at`. */
  setStatus(resource: { status: string; updatedAt: number | null }, status: string): void {
    resource.status = status;
    resource.updatedAt = this.context.now();
  }

  /** The volume `id` the token may see (its project's, or any for admin), else 404. */
  volume(id: string, token: FakeToken): FakeVolume {
    const volume = this.volumes.get(id);
    if (!volume || (volume.projectId !== token.project!.id && !token.roles.includes('admin'))) {
      throw new FakeHttpError(404, `Volume ${id} could not be found.`);
    }
    return volume;
  }

  /** The snapshot `id` the token may see, else 404. */
  snapshot(id: string, token: FakeToken): FakeSnapshot {
    const snapshot = this.snapshots.get(id);
    if (!snapshot || (snapshot.projectId !== token.project!.id && !token.roles.includes('admin'))) {
      throw new FakeHttpError(404, `Snapshot ${id} could not be found.`);
    }
    return snapshot;
  }

  /** Volumes, snapshots and gigabytes of `projectId` that are not gone. */
  usage(projectId: string): { volumes: number; snapshots: number; gigabytes: number } {
    let volumes = 0;
    let snapshots = 0;
    let gigabytes = 0;
    for (const v of this.volumes.values()) {
      if (v.projectId !== projectId) continue;
      volumes++;
      gigabytes += v.size;
    }
    for (const s of this.snapshots.values()) {
      if (s.projectId !== projectId) continue;
      snapshots++;
      gigabytes += s.size;
    }
    return { volumes, snapshots, gigabytes };
  }
}

/** Cinder's truthy query values (`all_tenants`, `cascade`, `usage`). */
export function isTrue(value: string | null): boolean {
  return value !== null && ['true', '1', 'yes', 'True'].includes(value);
}

/** 403 naming the policy `action` (`volume_extension:quotas:update`) unless the token holds the admin role. */
export function requireAdmin(token: FakeToken, action: string): void {
  if (!token.roles.includes('admin'))
    throw new FakeHttpError(403, `Policy doesn't allow ${action} to be performed.`);
}

/** Cinder's `self` and `bookmark` links of a resource: absolute, at the origin the request was sent to. */
export function links(
  kind: string,
  resource: { id: string; projectId: string },
  origin: string,
): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `${origin}/volume/v3/${resource.projectId}/${kind}/${resource.id}` },
    { rel: 'bookmark', href: `${origin}/volume/${resource.projectId}/${kind}/${resource.id}` },
  ];
}

/**
 * The object under `key` of a Cinder request body, answering as Cinder does: a JSON body without it
 * is a 400 `'<key>' is a required property` (its request schema's wording).
 */
export function cinderBodyObject(req: FakeRequest, key: string): Record<string, unknown> {
  const body = parseJsonBody(req.body);
  const value = body[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new FakeHttpError(400, `'${key}' is a required property`);
  return value as Record<string, unknown>;
}

import type { VolumeAttachments } from '../cinder/attachments';
import type { CinderState } from '../cinder/cinder-state';
import { type FakeContext, FakeHttpError, later } from '../fake-context';
import type { FakeToken } from '../keystone/fake-keystone';
import type { NovaQuotas } from './quotas';
import type { FakeFlavor, FakeKeypair, FakeServer } from './records';

/** What every Nova resource module shares: the stored resources, the context, Cinder, and lookups. */
export class NovaState {
  readonly servers = new Map<string, FakeServer>();
  /** Keypairs by {@link keypairKey}. */
  readonly keypairs = new Map<string, FakeKeypair>();
  readonly flavors: FakeFlavor[] = [
    { id: '1', name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1 },
    { id: '2', name: 'm1.small', ram: 2048, vcpus: 1, disk: 20 },
    { id: '42', name: 'm1.nano', ram: 128, vcpus: 1, disk: 1 },
  ];
  /** Image ids the fake accepts for `imageRef`: the images of the fake Glance. */
  readonly imageIds = ['c8a2c2b5-3f0e-4d8e-9a0b-1f4f1c6a1e01'];
  readonly context: FakeContext;
  /** Cinder's volumes, read when a server with volumes goes away. */
  readonly volumes: CinderState['volumes'];
  readonly attachments: VolumeAttachments;
  /** Ids of the networks a server may join (Neutron's private networks). */
  readonly networkIds: () => string[];
  keypairSeq = 0;
  /** Quotas set per project by `PUT /os-quota-sets/{project_id}`, over the configured defaults. */
  readonly quotaOverrides = new Map<string, Partial<NovaQuotas>>();

  constructor(
    context: FakeContext,
    cinder: { state: CinderState; attachments: VolumeAttachments },
    networkIds: () => string[],
  ) {
    this.context = context;
    this.volumes = cinder.state.volumes;
    this.attachments = cinder.attachments;
    this.networkIds = networkIds;
  }

  /** Runs `run` after `baseDelay` (scaled), unless the server gets stuck. */
  later(baseDelay: number, run: () => void): void {
    later(this.context, baseDelay, run);
  }

  /** The server `id` the token may see (its project's, or any for admin), else 404. */
  server(id: string, token: FakeToken): FakeServer {
    const server = this.servers.get(id);
    if (!server || (server.projectId !== token.project!.id && !token.roles.includes('admin'))) {
      throw new FakeHttpError(404, `Instance ${id} could not be found.`);
    }
    return server;
  }

  /** The flavor of a stored server. */
  flavorOf(server: FakeServer): FakeFlavor {
    return this.flavors.find((f) => f.id === server.flavorId)!;
  }

  /** Instances, cores and RAM of `projectId`. */
  usage(projectId: string): { instances: number; cores: number; ram: number } {
    let instances = 0;
    let cores = 0;
    let ram = 0;
    for (const s of this.servers.values()) {
      if (s.projectId !== projectId) continue;
      const flavor = this.flavorOf(s);
      instances++;
      cores += flavor.vcpus;
      ram += flavor.ram;
    }
    return { instances, cores, ram };
  }

  /** The keypairs of the token's user. */
  keypairsOf(token: FakeToken): FakeKeypair[] {
    return [...this.keypairs.values()].filter((k) => k.userId === token.user.id);
  }
}

/** Keypairs belong to a user: the key of the map. */
export function keypairKey(userId: string, name: string): string {
  return `${userId}/${name}`;
}

import type { ClientOptions } from './client-options';
import { FlavorsClient } from './compute/flavors-client';
import { KeypairsClient } from './compute/keypairs-client';
import { LimitsClient } from './compute/limits-client';
import { QuotasClient } from './compute/quotas-client';
import { ServersClient } from './compute/servers-client';
import { readCaBundle } from './config/ca-bundle';
import { loadCloudFromYaml } from './config/clouds-yaml';
import { cloudConfigFromEnv, cloudConfigFromOsVariables } from './config/from-env';
import { settingName } from './config/setting-name';
import { FetchTransport } from './http/fetch-transport';
import { type InProcessServer, InProcessTransport } from './http/in-process-transport';
import { KeystoneSession, type KeystoneSessionOptions, type RetryEvent } from './http/keystone-session';
import type { RetryOptions } from './http/retry-policy';
import type { Transport } from './http/transport';
import { UndiciTransport } from './http/undici-transport';
import type { CloudConfig } from './identity/credentials';
import { FloatingIpsClient } from './network/floating-ips-client';
import { NetworksClient } from './network/networks-client';
import { SnapshotsClient } from './volume/snapshots-client';
import { VolumeLimitsClient } from './volume/volume-limits-client';
import { VolumeQuotasClient } from './volume/volume-quotas-client';
import { VolumeTypesClient } from './volume/volume-types-client';
import { VolumesClient } from './volume/volumes-client';

/** Options of a {@link Manager}. */
export interface ManagerOptions {
  /** Requests in flight you plan (sizes the HTTP keep-alive pool; default 16). */
  concurrency?: number;
  /** Per-request timeout in ms (default: the cloud's api_timeout, else 60,000). */
  requestTimeoutMs?: number;
  /** Opt-in retries (default none: a stress run counts failures, it does not hide them). */
  retries?: RetryOptions;
  /** Called before each retried attempt (e.g. to count it with `stats.recordRetry`). */
  onRetry?: (event: RetryEvent) => void;
  /** Waiter settings of every client. */
  client?: ClientOptions;
  /** Your own transport (wins over `fetch`; the cloud's `cacert` is then yours to apply). */
  transport?: Transport;
  /** Your own WHATWG fetch (slower than the default undici pool; the cloud's `cacert` is not applied). */
  fetch?: typeof fetch;
  /** Default microversions, e.g. `{ 'block-storage': '3.0' }`. */
  microversions?: KeystoneSessionOptions['microversions'];
}

/**
 * What `Manager.fromFakeCloud` needs of a fake cloud (`@track/fake-openstack`'s `FakeCloud` is one):
 * an in-process server, and the OS_* variables that reach it, read as any environment is.
 */
export interface FakeCloudLike extends InProcessServer {
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * One of each client over one authenticated session, as Tempest's manager: build it from the
 * environment, a clouds.yaml cloud or a fake cloud, decorate `clients()` with a `Trace`, close it
 * at the end. The default transport trusts the cloud's `cacert` (clouds.yaml `cacert`, `OS_CACERT`)
 * in place of Node's bundled roots when TLS is verified; a ConfigError naming the setting and the
 * file is thrown when it cannot be read or holds no PEM certificate.
 */
export class Manager {
  readonly session: KeystoneSession;
  readonly cloudName: string;
  readonly volumesClient: VolumesClient;
  readonly snapshotsClient: SnapshotsClient;
  readonly volumeTypesClient: VolumeTypesClient;
  readonly volumeLimitsClient: VolumeLimitsClient;
  readonly volumeQuotasClient: VolumeQuotasClient;
  readonly serversClient: ServersClient;
  readonly keypairsClient: KeypairsClient;
  readonly flavorsClient: FlavorsClient;
  readonly limitsClient: LimitsClient;
  readonly quotasClient: QuotasClient;
  readonly floatingIpsClient: FloatingIpsClient;
  readonly networkClient: NetworksClient;
  readonly #transport: Transport;

  constructor(config: CloudConfig, options: ManagerOptions = {}) {
    this.#transport =
      options.transport ??
      (options.fetch
        ? new FetchTransport(options.fetch)
        : new UndiciTransport({
            connections: Math.max(4, options.concurrency ?? 16),
            verifyTls: config.verifyTls,
            caSetting: settingName('cacert', config.source),
            ...(config.cacert !== undefined && config.verifyTls
              ? { ca: readCaBundle(config.cacert, config.source) }
              : {}),
          }));
    this.session = new KeystoneSession(config, this.#transport, {
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.retries ? { retries: options.retries } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.microversions ? { microversions: options.microversions } : {}),
    });
    this.cloudName = config.name;
    const clientOptions = options.client ?? {};
    this.volumesClient = new VolumesClient(this.session, clientOptions);
    this.snapshotsClient = new SnapshotsClient(this.session, clientOptions);
    this.volumeTypesClient = new VolumeTypesClient(this.session, clientOptions);
    this.volumeLimitsClient = new VolumeLimitsClient(this.session, clientOptions);
    this.volumeQuotasClient = new VolumeQuotasClient(this.session, clientOptions);
    this.serversClient = new ServersClient(this.session, clientOptions);
    this.keypairsClient = new KeypairsClient(this.session, clientOptions);
    this.flavorsClient = new FlavorsClient(this.session, clientOptions);
    this.limitsClient = new LimitsClient(this.session, clientOptions);
    this.quotasClient = new QuotasClient(this.session, clientOptions);
    this.floatingIpsClient = new FloatingIpsClient(this.session, clientOptions);
    this.networkClient = new NetworksClient(this.session, clientOptions);
  }

  /** From OS_CLOUD (a clouds.yaml cloud) or OS_AUTH_URL/OS_USERNAME/... (incl. application credentials). */
  static async fromEnv(env: NodeJS.ProcessEnv = process.env, options: ManagerOptions = {}): Promise<Manager> {
    return new Manager(await cloudConfigFromEnv(env), options);
  }

  /** From cloud `cloud` of `path` (default: the standard clouds.yaml search path). */
  static async fromCloudsYaml(
    args: { cloud: string; path?: string; regionName?: string },
    options: ManagerOptions = {},
  ): Promise<Manager> {
    return new Manager(loadCloudFromYaml(args), options);
  }

  /** Over a fake cloud's in-process server ({@link InProcessTransport}): no sockets. */
  static fromFakeCloud(fake: FakeCloudLike, options: ManagerOptions = {}): Manager {
    return new Manager(fakeCloudConfig(fake), {
      ...options,
      transport: options.transport ?? new InProcessTransport(fake),
    });
  }

  /** Every client by its property name, e.g. for `trace.decorate` of each. */
  clients(): Record<string, object> {
    return {
      volumesClient: this.volumesClient,
      snapshotsClient: this.snapshotsClient,
      volumeTypesClient: this.volumeTypesClient,
      volumeLimitsClient: this.volumeLimitsClient,
      volumeQuotasClient: this.volumeQuotasClient,
      serversClient: this.serversClient,
      keypairsClient: this.keypairsClient,
      flavorsClient: this.flavorsClient,
      limitsClient: this.limitsClient,
      quotasClient: this.quotasClient,
      floatingIpsClient: this.floatingIpsClient,
      networkClient: this.networkClient,
    };
  }

  /** Releases the HTTP connections. */
  async close(): Promise<void> {
    await this.#transport.close?.();
  }

  toJSON(): Record<string, unknown> {
    return { cloud: this.cloudName, session: this.session.toJSON() };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Manager(${JSON.stringify(this.toJSON())})`;
  }
}

/** The cloud settings that reach a fake cloud, from its OS_* variables (the cloud is named `fake`). */
export function fakeCloudConfig(fake: Pick<FakeCloudLike, 'environment'>): CloudConfig {
  return cloudConfigFromOsVariables({ ...fake.environment, OS_CLOUD_NAME: 'fake' });
}

import { FakeCloud, osEnvironment } from '@track/fake-openstack';
import { environmentHasCloud, Manager, type ManagerOptions } from '@track/openstack-clients';

type FakeOptions = ConstructorParameters<typeof FakeCloud>[0];

/** A cloud the contract suite runs against. */
export interface ContractTarget {
  name: string;
  manager: Manager;
  /** A manager holding the admin role, for admin-only calls (fakes only: a real run never gets one). */
  adminManager?: Manager;
  /** The fake behind it (absent for a real cloud). */
  fake?: FakeCloud;
  /** Ids `createServer` accepts; absent when the real cloud has no TRACK_FLAVOR/TRACK_IMAGE. */
  compute?: { flavorId: string; imageId: string; networkId?: string };
  /** The external network floating IPs come from; absent when the real cloud has no TRACK_EXTERNAL_NETWORK. */
  externalNetworkId?: string;
  close(): Promise<void>;
}

const fastWaits = { waiter: { intervalMs: 5, timeoutMs: 5_000 } };

/** The in-process fake: no sockets. `managerOptions` are merged over the suite's fast waits. */
export async function inProcessTarget(
  fakeOptions: FakeOptions = { timeScale: 0 },
  managerOptions: ManagerOptions = {},
): Promise<ContractTarget> {
  const fake = new FakeCloud(fakeOptions);
  const options = { client: fastWaits, ...managerOptions };
  const manager = Manager.fromFakeCloud(fake, options);
  const adminManager = Manager.fromFakeCloud(
    { exchange: (request) => fake.exchange(request), environment: osEnvironment(fake.adminCredentials) },
    options,
  );
  const { externalNetworkId, ...compute } = fake.computeDefaults;
  return {
    name: 'in-process fake',
    manager,
    adminManager,
    fake,
    compute,
    externalNetworkId,
    close: async () => {
      await manager.close();
      await adminManager.close();
    },
  };
}

/** The same fake served on loopback HTTP, reached through OS_* settings as any user would. */
export async function loopbackTarget(
  fakeOptions: FakeOptions = { timeScale: 0 },
  managerOptions: ManagerOptions = {},
): Promise<ContractTarget> {
  const fake = new FakeCloud(fakeOptions);
  const listening = await fake.listen({ port: 0, host: '127.0.0.1' });
  const options = { client: fastWaits, concurrency: 8, ...managerOptions };
  const user = fake.credentialsAt(listening.url);
  const admin = fake.adminCredentials;
  const manager = await Manager.fromEnv(osEnvironment(user), options);
  const adminManager = await Manager.fromEnv(
    osEnvironment({ ...user, username: admin.username, password: admin.password }),
    options,
  );
  const { externalNetworkId, ...compute } = fake.computeDefaults;
  return {
    name: 'loopback HTTP fake',
    manager,
    adminManager,
    fake,
    compute,
    externalNetworkId,
    close: async () => {
      await manager.close();
      await adminManager.close();
      await listening.close();
    },
  };
}

/** What the environment offers the real-cloud run, each missing part with the reason it is skipped. */
export interface RealCloudSettings {
  /** OS_CLOUD or OS_AUTH_URL is set: volume, snapshot, quota and other calls run. */
  configured: boolean;
  reason: string;
  /** TRACK_FLAVOR and TRACK_IMAGE are set too: server and attach tests run. */
  compute: boolean;
  computeReason: string;
  /** TRACK_EXTERNAL_NETWORK is set too: floating-IP tests run. */
  floatingIps: boolean;
  floatingIpsReason: string;
}

/** Reads the real-cloud settings: OS_CLOUD/OS_AUTH_URL, TRACK_FLAVOR, TRACK_IMAGE, TRACK_EXTERNAL_NETWORK. */
export function realCloudConfigured(env: NodeJS.ProcessEnv = process.env): RealCloudSettings {
  const configured = environmentHasCloud(env);
  const compute = configured && Boolean(env.TRACK_FLAVOR && env.TRACK_IMAGE);
  const floatingIps = configured && Boolean(env.TRACK_EXTERNAL_NETWORK);
  return {
    configured,
    reason: configured ? '' : 'no OS_CLOUD or OS_AUTH_URL in the environment',
    compute,
    computeReason: compute ? '' : 'set TRACK_FLAVOR and TRACK_IMAGE to run the server and attach tests',
    floatingIps,
    floatingIpsReason: floatingIps ? '' : 'set TRACK_EXTERNAL_NETWORK to run the floating-IP tests',
  };
}

export async function realTarget(): Promise<ContractTarget> {
  const env = process.env;
  const manager = await Manager.fromEnv(env, {
    client: { waiter: { intervalMs: 1000, timeoutMs: 300_000 } },
  });
  return {
    name: 'real cloud',
    manager,
    ...(env.TRACK_FLAVOR && env.TRACK_IMAGE
      ? {
          compute: {
            flavorId: env.TRACK_FLAVOR,
            imageId: env.TRACK_IMAGE,
            ...(env.TRACK_NETWORK ? { networkId: env.TRACK_NETWORK } : {}),
          },
        }
      : {}),
    ...(env.TRACK_EXTERNAL_NETWORK ? { externalNetworkId: env.TRACK_EXTERNAL_NETWORK } : {}),
    close: () => manager.close(),
  };
}

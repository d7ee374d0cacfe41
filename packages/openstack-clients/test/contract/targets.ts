import { environmentHasCloud, Manager } from '@track/openstack-clients';
import { FakeCloud } from '@track/openstack-clients/fake';

/** A cloud the contract suite runs against. */
export interface ContractTarget {
  name: string;
  manager: Manager;
  /** The fake behind it (absent for a real cloud). */
  fake?: FakeCloud;
  /** Ids `createServer` accepts. */
  compute: { flavorId: string; imageId: string; networkId?: string; externalNetworkId?: string };
  close(): Promise<void>;
}

const fastWaits = { waiter: { intervalMs: 5, timeoutMs: 5_000 } };

/** The in-process fake: no sockets. */
export async function inProcessTarget(
  fakeOptions: ConstructorParameters<typeof FakeCloud>[0] = { timeScale: 0 },
): Promise<ContractTarget> {
  const fake = new FakeCloud(fakeOptions);
  const manager = Manager.fromFakeCloud(fake, { client: fastWaits });
  return {
    name: 'in-process fake',
    manager,
    fake,
    compute: fake.computeDefaults,
    close: () => manager.close(),
  };
}

/** The same fake served on loopback HTTP, reached through OS_* settings as any user would. */
export async function loopbackTarget(
  fakeOptions: ConstructorParameters<typeof FakeCloud>[0] = { timeScale: 0 },
): Promise<ContractTarget> {
  const fake = new FakeCloud(fakeOptions);
  const listening = await fake.listen({ port: 0, host: '127.0.0.1' });
  const c = fake.credentialsAt(listening.url);
  const manager = await Manager.fromEnv(
    {
      OS_AUTH_URL: c.authUrl,
      OS_USERNAME: c.username,
      OS_PASSWORD: c.password,
      OS_PROJECT_NAME: c.projectName,
      OS_USER_DOMAIN_NAME: c.userDomainName,
      OS_PROJECT_DOMAIN_NAME: c.projectDomainName,
    },
    { client: fastWaits, concurrency: 8 },
  );
  return {
    name: 'loopback HTTP fake',
    manager,
    fake,
    compute: fake.computeDefaults,
    close: async () => {
      await manager.close();
      await listening.close();
    },
  };
}

/** A real cloud when OS_CLOUD or OS_AUTH_URL is set; its flavor and image come from TRACK_FLAVOR/TRACK_IMAGE. */
export function realCloudConfigured(): { configured: boolean; reason: string } {
  if (!environmentHasCloud(process.env))
    return { configured: false, reason: 'no OS_CLOUD or OS_AUTH_URL in the environment' };
  if (!process.env.TRACK_FLAVOR || !process.env.TRACK_IMAGE)
    return { configured: false, reason: 'set TRACK_FLAVOR and TRACK_IMAGE for the real-cloud contract run' };
  return { configured: true, reason: '' };
}

export async function realTarget(): Promise<ContractTarget> {
  const manager = await Manager.fromEnv(process.env, {
    client: { waiter: { intervalMs: 1000, timeoutMs: 300_000 } },
  });
  return {
    name: 'real cloud',
    manager,
    compute: {
      flavorId: process.env.TRACK_FLAVOR!,
      imageId: process.env.TRACK_IMAGE!,
      ...(process.env.TRACK_NETWORK ? { networkId: process.env.TRACK_NETWORK } : {}),
    },
    close: () => manager.close(),
  };
}

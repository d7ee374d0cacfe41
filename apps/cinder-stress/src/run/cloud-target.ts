import { environmentHasCloud, Manager, type ManagerOptions } from '@track/openstack-clients';
import { FakeCloud } from '@track/openstack-clients/fake';
import { CliError } from '../cli-error';
import type { ComputeSettings } from '../scenarios/scenario';

/** Where a run goes: a real cloud (clouds.yaml or OS_*) or the embedded fake. */
export interface CloudTarget {
  manager: Manager;
  compute?: ComputeSettings;
  cloudName: string;
  /** Set when running on the embedded fake cloud. */
  fake?: FakeCloud;
  /** One line saying where the run goes, for the user. */
  description: string;
}

/** Options that choose and shape the target. */
export interface TargetOptions {
  cloud?: string;
  flavor?: string;
  image?: string;
  network?: string;
  seed: number;
  fakeLatencyMs?: number;
  faultRate?: number;
  fakeTimeScale: number;
  concurrency: number;
  requestTimeoutMs?: number;
  /** Waiters' poll interval (default 1 s on a real cloud, scaled with the fake's time scale). */
  pollIntervalMs?: number;
}

/** Connects to `--cloud`, else to the OS_* environment, else to a new embedded fake cloud. */
export async function connectTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CloudTarget> {
  // A real cloud's flavor, image and network may also come from TRACK_FLAVOR, TRACK_IMAGE, TRACK_NETWORK.
  const flavor = options.flavor ?? env.TRACK_FLAVOR;
  const image = options.image ?? env.TRACK_IMAGE;
  const network = options.network ?? env.TRACK_NETWORK;
  const managerOptions: ManagerOptions = {
    concurrency: options.concurrency,
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.pollIntervalMs !== undefined
      ? { client: { waiter: { intervalMs: options.pollIntervalMs } } }
      : {}),
  };
  const realCompute = (): ComputeSettings | undefined =>
    flavor && image
      ? {
          flavorRef: flavor,
          imageRef: image,
          ...(network ? { networks: [network] } : {}),
        }
      : undefined;
  if (options.cloud) {
    const manager = await Manager.fromCloudsYaml({ cloud: options.cloud }, managerOptions);
    const compute = realCompute();
    return {
      manager,
      ...(compute ? { compute } : {}),
      cloudName: options.cloud,
      description: `cloud ${options.cloud} (clouds.yaml)`,
    };
  }
  if (environmentHasCloud(env)) {
    const manager = await Manager.fromEnv(env, managerOptions);
    const compute = realCompute();
    return {
      manager,
      ...(compute ? { compute } : {}),
      cloudName: manager.cloudName,
      description: `cloud ${manager.cloudName} (OS_* environment)`,
    };
  }
  if (options.faultRate !== undefined && !(options.faultRate >= 0 && options.faultRate <= 1)) {
    throw new CliError(`--fault-rate must be between 0 and 1, got ${options.faultRate}`);
  }
  const fake = new FakeCloud({
    seed: options.seed,
    timeScale: options.fakeTimeScale,
    ...(options.fakeLatencyMs ? { latencyMs: options.fakeLatencyMs } : {}),
    ...(options.faultRate ? { faultRate: options.faultRate } : {}),
  });
  const manager = Manager.fromFakeCloud(fake, {
    ...managerOptions,
    client: { waiter: { intervalMs: Math.max(1, Math.min(1000, 1000 * options.fakeTimeScale)) } },
  });
  const { flavorId, imageId } = fake.computeDefaults;
  const shaping = [
    `time scale ${options.fakeTimeScale}`,
    `seed ${options.seed}`,
    ...(options.fakeLatencyMs ? [`latency ${options.fakeLatencyMs} ms`] : []),
    ...(options.faultRate ? [`fault rate ${options.faultRate}`] : []),
  ].join(', ');
  return {
    manager,
    compute: { flavorRef: flavorId, imageRef: imageId },
    cloudName: 'fake',
    fake,
    description: `the embedded fake cloud (no --cloud and no OS_* settings given; ${shaping})`,
  };
}

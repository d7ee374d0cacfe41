import { FakeCloud, type FaultProfileName, faultProfile } from '@track/fake-openstack';
import {
  type CloudConfig,
  ConnectionError,
  cloudConfigFromEnv,
  EndpointNotFound,
  environmentHasCloud,
  loadCloudFromYaml,
  Manager,
  type ManagerOptions,
  OpenStackError,
  RequestTimeout,
  RetryPolicy,
  SecretRegistry,
  Unauthorized,
} from '@track/openstack-clients';
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
  /** A fault profile of the embedded fake (`realistic`). */
  faultProfile?: FaultProfileName;
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
          // `none` and `auto` are Nova's own keywords (compute 2.37+), anything else a network id.
          ...(network ? { networks: network === 'none' || network === 'auto' ? network : [network] } : {}),
        }
      : undefined;
  if (options.cloud) {
    const config = loadCloudFromYaml({ cloud: options.cloud });
    const manager = new Manager(config, managerOptions);
    await verifyCredentials(manager, config, { cloud: options.cloud });
    const compute = realCompute();
    return {
      manager,
      ...(compute ? { compute } : {}),
      cloudName: options.cloud,
      description: `cloud ${options.cloud} (clouds.yaml)`,
    };
  }
  if (environmentHasCloud(env)) {
    const config = await cloudConfigFromEnv(env);
    const manager = new Manager(config, managerOptions);
    await verifyCredentials(manager, config, env.OS_CLOUD ? { cloud: env.OS_CLOUD } : 'environment');
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
    ...(options.faultProfile ? faultProfile(options.faultProfile) : {}),
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
    ...(options.faultProfile ? [`fault profile ${options.faultProfile}`] : []),
  ].join(', ');
  return {
    manager,
    compute: { flavorRef: flavorId, imageRef: imageId },
    cloudName: 'fake',
    fake,
    description: `the embedded fake cloud (no --cloud and no OS_* settings given; ${shaping})`,
  };
}

/** Where a real cloud's settings came from: the OS_* environment, or a clouds.yaml cloud. */
export type CredentialSource = 'environment' | { cloud: string };

/**
 * The retry rule of the up-front authentication: the clients' RetryPolicy, two retries (250 ms,
 * then 500 ms) when Keystone answers 5xx or a rate limit; an unreachable Keystone is not retried,
 * so a wrong auth URL is said at once.
 */
export function authRetryPolicy(random?: () => number): RetryPolicy {
  return new RetryPolicy(
    { max: 2, onStatuses: [413, 429, 500, 502, 503, 504], onConnectionErrors: false, baseDelayMs: 250 },
    random,
  );
}

/** The setting the user edits for `key` (a clouds.yaml key such as `password`), by source. */
export function settingName(source: CredentialSource, key: string, inAuth = true): string {
  if (source === 'environment') return `OS_${key.toUpperCase()}`;
  return `${inAuth ? 'auth.' : ''}${key} of cloud ${source.cloud} in clouds.yaml`;
}

/**
 * Authenticates once and looks up the Cinder endpoint before a run starts, so wrong credentials or
 * an unreachable Keystone end the CLI with a configuration error (exit 2) naming the setting to fix,
 * instead of thousands of failed iterations. Closes the manager before throwing. The message never
 * holds the password or secret.
 */
export async function verifyCredentials(
  manager: Manager,
  config: CloudConfig,
  source: CredentialSource,
  retryPolicy: RetryPolicy = authRetryPolicy(),
): Promise<void> {
  try {
    await retryPolicy.run(() => manager.session.endpoint('block-storage'), { method: 'POST' });
  } catch (error) {
    await manager.close().catch(() => undefined);
    throw credentialError(error, config, source);
  }
}

/** The configuration error for a failed up-front authentication; other errors are returned as they are. */
export function credentialError(error: unknown, config: CloudConfig, source: CredentialSource): Error {
  if (!(error instanceof OpenStackError)) return error as Error;
  const auth = config.auth;
  // The raw, URL-encoded and base64 forms of the password or secret, and a password in the auth URL.
  const secrets = new SecretRegistry();
  secrets.keep(auth.type === 'password' ? auth.password : auth.applicationCredentialSecret);
  secrets.addUserinfoOf(auth.authUrl);
  const redact = (text: string) => secrets.scrub(text);
  const authUrl = settingName(source, 'auth_url');
  const detail = redact(error.message);
  const cloud = `cloud ${config.name}`;
  if (error instanceof EndpointNotFound) {
    return new CliError(
      `${cloud} has no usable block-storage (Cinder) endpoint: ${detail}; check ${settingName(source, 'region_name', false)} and ${settingName(source, 'interface', false)}`,
    );
  }
  if (error instanceof Unauthorized && error.status === 401) {
    const fields =
      auth.type === 'password'
        ? [
            settingName(source, 'password'),
            settingName(source, auth.userId !== undefined ? 'user_id' : 'username'),
            settingName(source, auth.projectId !== undefined ? 'project_id' : 'project_name'),
          ]
        : [
            settingName(source, 'application_credential_secret'),
            settingName(
              source,
              auth.applicationCredentialId !== undefined
                ? 'application_credential_id'
                : 'application_credential_name',
            ),
          ];
    return new CliError(
      `Keystone rejected the credentials of ${cloud} (HTTP 401): check ${fields[0]} (and ${fields.slice(1).join(', ')} and their domains). Keystone said: ${detail}`,
    );
  }
  if (error.code === 'OPENSTACK_UNSCOPED_TOKEN') {
    return new CliError(
      `${cloud}: ${detail} (check ${settingName(source, auth.type === 'password' && auth.projectId !== undefined ? 'project_id' : 'project_name')})`,
    );
  }
  if (error instanceof ConnectionError || error instanceof RequestTimeout) {
    return new CliError(`cannot reach Keystone of ${cloud}: ${detail}; check ${authUrl}`);
  }
  return new CliError(`cannot authenticate to ${cloud}: ${detail}; check ${authUrl}`);
}

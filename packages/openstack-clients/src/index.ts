/**
 * `@track/openstack-clients`: typed Keystone v3, Cinder v3, Nova v2.1 and Neutron clients, waiters and
 * a Manager. The fake cloud they are tested against is its own package, `@track/fake-openstack`.
 */

export { abortableSleep } from './abortable-sleep';
export type { ClientOptions, WaiterSettings, WaitOptions } from './client-options';
export type { ComputeVersions } from './compute/compute-microversion';
export { COMPUTE_MICROVERSION_CAP } from './compute/compute-microversion';
export { FlavorsClient } from './compute/flavors-client';
export { KeypairsClient } from './compute/keypairs-client';
export { LimitsClient } from './compute/limits-client';
export { QuotasClient } from './compute/quotas-client';
export { ServersClient } from './compute/servers-client';
export type * from './compute/types';
export { configSearchPath, loadCloudFromYaml } from './config/clouds-yaml';
export { cloudConfigFromEnv, cloudConfigFromOsVariables, environmentHasCloud } from './config/from-env';
export * from './errors';
export { FetchTransport } from './http/fetch-transport';
export type { InProcessServer } from './http/in-process-transport';
export { InProcessTransport } from './http/in-process-transport';
export type {
  KeystoneSessionOptions,
  RequestCounts,
  RequestOutcome,
  RetryEvent,
} from './http/keystone-session';
export { KeystoneSession } from './http/keystone-session';
export { parseRetryAfter } from './http/retry-after';
export type { RetryDecision, RetryOptions, RetryRunOptions } from './http/retry-policy';
export { RetryPolicy } from './http/retry-policy';
export { hashToken, redactBody, redactHeaders, SecretRegistry } from './http/secret-registry';
export type { ServiceCallOptions, ServiceResponse, ServiceSession, ServiceType } from './http/session';
export type { HttpMethod, Transport, TransportRequest, TransportResponse } from './http/transport';
export type { UndiciTransportOptions } from './http/undici-transport';
export { UndiciTransport } from './http/undici-transport';
export type { CatalogEntry } from './identity/catalog';
export { selectEndpoint } from './identity/catalog';
export type {
  ApplicationCredentials,
  AuthCredentials,
  CloudConfig,
  EndpointInterface,
  PasswordCredentials,
} from './identity/credentials';
export type { FakeCloudLike, ManagerOptions } from './manager';
export { Manager } from './manager';
export { FloatingIpsClient } from './network/floating-ips-client';
export { NetworksClient } from './network/networks-client';
export type * from './network/types';
export type { QuotaSet, QuotaUsage } from './quota-sets';
export { SnapshotsClient } from './volume/snapshots-client';
export type * from './volume/types';
export { VolumeLimitsClient } from './volume/volume-limits-client';
export { VolumeQuotasClient } from './volume/volume-quotas-client';
export { VolumeTypesClient } from './volume/volume-types-client';
export { VolumesClient } from './volume/volumes-client';
export type { DeletionProbeOptions } from './waiters/deletion-waiter';
export type { ObservedCallOptions } from './waiters/request-facts';
export { waitFor } from './waiters/wait-for';
export { parseOpenStackTime } from './wire-time';

/**
 * `@track/fake-openstack`: a stateful fake OpenStack cloud for tests, demos and stress-tool
 * development, served in-process (plain request and response objects) or on loopback HTTP.
 */

export type { ComputeDefaults } from './cloud-files';
export { cloudsYaml, formatTrackEnv } from './cloud-files';
export type { DocumentedDifference } from './documented-differences';
export {
  DOCUMENTED_DIFFERENCES,
  documentedDifference,
  documentedDifferencesTable,
} from './documented-differences';
export type { FakeCloudCounters, FakeCloudCredentials } from './fake-cloud';
export { FakeCloud } from './fake-cloud';
export type { FakeCloudOptions, FakeDelays, FakeOutcomes, FakeQuotas } from './fake-cloud-options';
export { DEFAULT_DELAYS, DEFAULT_QUOTAS } from './fake-cloud-options';
export type { FakeCloudResources } from './fake-cloud-resources';
export type { FakeService } from './fault-bodies';
export type { FaultProfileName } from './fault-profiles';
export { FAULT_PROFILES, faultProfile } from './fault-profiles';
export type { FaultHandle, FaultLatency, FaultRule } from './fault-rules';
export { FaultPresets } from './fault-rules';
export type { ListeningFakeCloud } from './http-server';
export type { InProcessRequest, InProcessResponse, SocketLikeError } from './in-process';
export { FakeCloudListenError } from './listen-error';
export { formatOsEnv, osEnvironment } from './os-env';
export { SeededRandom } from './seeded-random';

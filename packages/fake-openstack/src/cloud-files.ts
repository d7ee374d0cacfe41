import type { FakeCloudCredentials } from './fake-cloud';

/** A flavor, an image and a network a fake server boots with (the fake's `computeDefaults`). */
export interface ComputeDefaults {
  flavorId: string;
  imageId: string;
  networkId: string;
}

/**
 * The `export TRACK_FLAVOR/IMAGE/NETWORK=...` lines of `defaults`: what `cinder-stress` reads to boot
 * servers on a cloud, printed by `track-fake-cloud` and `cinder-stress fake-cloud` alike.
 */
export function formatTrackEnv(defaults: ComputeDefaults): string {
  return [
    `export TRACK_FLAVOR='${defaults.flavorId}'`,
    `export TRACK_IMAGE='${defaults.imageId}'`,
    `export TRACK_NETWORK='${defaults.networkId}'`,
  ].join('\n');
}

/**
 * A clouds.yaml with one cloud per entry of `clouds` (e.g. `member` and `admin`), password auth on
 * identity v3, for `openstack --os-cloud member` or `OS_CLOUD=admin`. Values are JSON-quoted, which
 * YAML reads as the same strings.
 */
export function cloudsYaml(clouds: Record<string, FakeCloudCredentials>): string {
  const q = (value: string) => JSON.stringify(value);
  const lines = ['clouds:'];
  for (const [name, c] of Object.entries(clouds)) {
    lines.push(
      `  ${name}:`,
      '    auth_type: password',
      '    auth:',
      `      auth_url: ${q(c.authUrl)}`,
      `      username: ${q(c.username)}`,
      `      password: ${q(c.password)}`,
      `      project_name: ${q(c.projectName)}`,
      `      user_domain_name: ${q(c.userDomainName)}`,
      `      project_domain_name: ${q(c.projectDomainName)}`,
      `    region_name: ${q(c.regionName)}`,
      '    interface: public',
      '    identity_api_version: 3',
    );
  }
  return `${lines.join('\n')}\n`;
}

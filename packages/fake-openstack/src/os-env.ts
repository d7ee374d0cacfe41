import type { FakeCloudCredentials } from './fake-cloud';

/**
 * The OS_* environment variables that point any OpenStack tool at a fake cloud with `credentials`
 * (password auth, identity v3): the one form in which the fake hands its credentials out.
 */
export function osEnvironment(credentials: FakeCloudCredentials): Record<string, string> {
  return {
    OS_AUTH_URL: credentials.authUrl,
    OS_USERNAME: credentials.username,
    OS_PASSWORD: credentials.password,
    OS_PROJECT_NAME: credentials.projectName,
    OS_USER_DOMAIN_NAME: credentials.userDomainName,
    OS_PROJECT_DOMAIN_NAME: credentials.projectDomainName,
    OS_REGION_NAME: credentials.regionName,
    OS_IDENTITY_API_VERSION: '3',
  };
}

/**
 * The `export OS_...=...` lines that point any OpenStack tool at a fake cloud, one per line,
 * single-quoted for the shell.
 */
export function formatOsEnv(credentials: FakeCloudCredentials): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  return Object.entries(osEnvironment(credentials))
    .map(([name, value]) => `export ${name}=${quote(value)}`)
    .join('\n');
}

import type { FakeCloudCredentials } from './fake-cloud';

/**
 * The `export OS_...=...` lines that point any OpenStack tool at a fake cloud, one per line,
 * single-quoted for the shell.
 */
export function formatOsEnv(credentials: FakeCloudCredentials): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const vars: [string, string][] = [
    ['OS_AUTH_URL', credentials.authUrl],
    ['OS_USERNAME', credentials.username],
    ['OS_PASSWORD', credentials.password],
    ['OS_PROJECT_NAME', credentials.projectName],
    ['OS_USER_DOMAIN_NAME', credentials.userDomainName],
    ['OS_PROJECT_DOMAIN_NAME', credentials.projectDomainName],
    ['OS_REGION_NAME', credentials.regionName],
    ['OS_IDENTITY_API_VERSION', '3'],
  ];
  return vars.map(([name, value]) => `export ${name}=${quote(value)}`).join('\n');
}

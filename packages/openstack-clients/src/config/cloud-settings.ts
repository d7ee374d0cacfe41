import { ConfigError } from '../errors';
import { scrubUrlSecrets } from '../http/secret-registry';
import type { AuthCredentials, CloudConfig, EndpointInterface } from '../identity/credentials';

/**
 * Builds a {@link CloudConfig} from openstacksdk-style settings (the keys of a clouds.yaml cloud, or
 * OS_* variables lower-cased without the prefix). Every missing or bad setting is a ConfigError
 * naming the field and `source` (a file path or `environment`).
 */
export function cloudConfigFromSettings(
  name: string,
  settings: Record<string, unknown>,
  source: string,
): CloudConfig {
  const auth = (settings.auth ?? {}) as Record<string, unknown>;
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth))
    throw new ConfigError(`${field(source, 'auth')} must be a mapping`, { field: 'auth', source });
  const get = (key: string): string | undefined => {
    const value = auth[key] ?? settings[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new ConfigError(`${field(source, `auth.${key}`)} must be a string`, {
        field: `auth.${key}`,
        source,
      });
    return String(value);
  };
  const require = (key: string, hint: string): string => {
    const value = get(key);
    if (value === undefined)
      throw new ConfigError(`${field(source, `auth.${key}`)} is missing: ${hint}`, {
        field: `auth.${key}`,
        source,
      });
    return value;
  };
  const authUrl = require('auth_url', 'set the Keystone URL, e.g. https://keystone.example.com:5000/v3');
  if (!/^https?:\/\/[^/]/.test(authUrl))
    throw new ConfigError(
      `${field(source, 'auth.auth_url')} must be an http(s) URL, got ${JSON.stringify(scrubUrlSecrets(authUrl))}`,
      { field: 'auth.auth_url', source },
    );
  const domainName = get('domain_name');
  const domainId = get('domain_id');
  const authType = String(settings.auth_type ?? 'password').toLowerCase();
  let credentials: AuthCredentials;
  if (authType === 'v3applicationcredential' || authType === 'application_credential') {
    credentials = {
      type: 'applicationCredential',
      authUrl,
      applicationCredentialId: get('application_credential_id'),
      applicationCredentialName: get('application_credential_name'),
      applicationCredentialSecret: require('application_credential_secret', 'set the application credential secret'),
      username: get('username'),
      userId: get('user_id'),
      userDomainName: get('user_domain_name') ?? domainName,
      userDomainId: get('user_domain_id') ?? domainId,
    };
    if (!credentials.applicationCredentialId && !credentials.applicationCredentialName) {
      throw new ConfigError(
        `${field(source, 'auth.application_credential_id')} is missing: give application_credential_id, or application_credential_name with the user`,
        { field: 'auth.application_credential_id', source },
      );
    }
  } else if (authType === 'password' || authType === 'v3password') {
    credentials = {
      type: 'password',
      authUrl,
      username: get('username'),
      userId: get('user_id'),
      password: require('password', 'set the password (or use secure.yaml / OS_PASSWORD)'),
      userDomainName: get('user_domain_name') ?? domainName,
      userDomainId: get('user_domain_id') ?? domainId,
      projectName: get('project_name') ?? get('tenant_name'),
      projectId: get('project_id') ?? get('tenant_id'),
      projectDomainName: get('project_domain_name') ?? domainName,
      projectDomainId: get('project_domain_id') ?? domainId,
    };
    if (!credentials.username && !credentials.userId)
      throw new ConfigError(`${field(source, 'auth.username')} is missing: set username (or user_id)`, {
        field: 'auth.username',
        source,
      });
    if (
      credentials.username &&
      !credentials.userId &&
      !credentials.userDomainName &&
      !credentials.userDomainId
    ) {
      throw new ConfigError(
        `${field(source, 'auth.user_domain_name')} is missing: a user given by name needs its domain (e.g. Default)`,
        { field: 'auth.user_domain_name', source },
      );
    }
    if (!credentials.projectName && !credentials.projectId)
      throw new ConfigError(
        `${field(source, 'auth.project_name')} is missing: set project_name (or project_id); an unscoped token cannot reach Cinder or Nova`,
        { field: 'auth.project_name', source },
      );
    if (
      credentials.projectName &&
      !credentials.projectId &&
      !credentials.projectDomainName &&
      !credentials.projectDomainId
    ) {
      throw new ConfigError(
        `${field(source, 'auth.project_domain_name')} is missing: a project given by name needs its domain (e.g. Default)`,
        { field: 'auth.project_domain_name', source },
      );
    }
  } else {
    throw new ConfigError(
      `${field(source, 'auth_type')} ${JSON.stringify(authType)} is not supported: use password or v3applicationcredential`,
      { field: 'auth_type', source },
    );
  }
  const identityVersion = settings.identity_api_version;
  if (identityVersion !== undefined && String(identityVersion) !== '3') {
    throw new ConfigError(
      `${field(source, 'identity_api_version')} must be 3, got ${String(identityVersion)}`,
      { field: 'identity_api_version', source },
    );
  }
  const regions = settings.regions;
  let regionName =
    typeof settings.region_name === 'string' && settings.region_name !== ''
      ? settings.region_name
      : undefined;
  if (regionName === undefined && Array.isArray(regions) && regions.length > 0) {
    const first = regions[0];
    regionName = typeof first === 'string' ? first : (first as { name?: string })?.name;
  }
  const rawInterface = String(settings.interface ?? settings.endpoint_type ?? 'public').replace(/URL$/, '');
  if (!['public', 'internal', 'admin'].includes(rawInterface)) {
    throw new ConfigError(
      `${field(source, 'interface')} must be public, internal or admin, got ${JSON.stringify(rawInterface)}`,
      { field: 'interface', source },
    );
  }
  const timeout = settings.api_timeout;
  let requestTimeoutMs: number | undefined;
  if (timeout !== undefined && timeout !== null && timeout !== '') {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new ConfigError(
        `${field(source, 'api_timeout')} must be a number of seconds, got ${JSON.stringify(timeout)}`,
        { field: 'api_timeout', source },
      );
    requestTimeoutMs = seconds * 1000;
  }
  const overrides: CloudConfig['endpointOverrides'] = {};
  for (const [service, key] of [
    ['block-storage', 'block_storage_endpoint_override'],
    ['compute', 'compute_endpoint_override'],
    ['network', 'network_endpoint_override'],
    ['identity', 'identity_endpoint_override'],
  ] as const) {
    const value =
      settings[key] ?? (service === 'block-storage' ? settings.volume_endpoint_override : undefined);
    if (typeof value === 'string' && value !== '') overrides[service] = value;
  }
  const verify = settings.verify ?? (settings.insecure === undefined ? true : !truthy(settings.insecure));
  return {
    name,
    auth: credentials,
    ...(regionName ? { regionName } : {}),
    interfaces: [rawInterface as EndpointInterface],
    endpointOverrides: overrides,
    verifyTls: truthy(verify),
    ...(typeof settings.cacert === 'string' ? { cacert: settings.cacert } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    source,
  };
}

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
}

function field(source: string, name: string): string {
  return `${name} (in ${source})`;
}

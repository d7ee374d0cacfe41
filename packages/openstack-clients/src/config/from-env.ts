import { ConfigError } from '../errors';
import type { CloudConfig } from '../identity/credentials';
import { cloudConfigFromSettings } from './cloud-settings';
import { loadCloudFromYaml } from './clouds-yaml';

const IGNORED_PREFIXES = ['OS_TEST', 'OS_STD', 'OS_LOG'];
const SELECTORS = new Set([
  'OS_CLOUD',
  'OS_CLOUD_NAME',
  'OS_REGION_NAME',
  'OS_CLIENT_CONFIG_FILE',
  'OS_CLIENT_SECURE_FILE',
]);
const AUTH_KEYS = new Set([
  'auth_url',
  'username',
  'user_id',
  'password',
  'project_name',
  'project_id',
  'tenant_name',
  'tenant_id',
  'user_domain_name',
  'user_domain_id',
  'project_domain_name',
  'project_domain_id',
  'domain_name',
  'domain_id',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
]);

/** True when the environment names a cloud: `OS_CLOUD` or any OS_* credential variable. */
export function environmentHasCloud(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    Boolean(env.OS_CLOUD) ||
    Object.keys(env).some(
      (k) =>
        k.startsWith('OS_') &&
        !SELECTORS.has(k) &&
        !IGNORED_PREFIXES.some((p) => k.startsWith(p)) &&
        env[k] !== '',
    )
  );
}

/**
 * The cloud the environment selects, as openstacksdk does: `OS_CLOUD` picks a clouds.yaml cloud
 * (OS_REGION_NAME and OS_CLIENT_CONFIG_FILE apply); otherwise the OS_* variables form the `envvars`
 * cloud (renamed by OS_CLOUD_NAME). Missing or bad settings are ConfigErrors naming the variable.
 */
export async function cloudConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<CloudConfig> {
  if (env.OS_CLOUD) {
    return loadCloudFromYaml({
      cloud: env.OS_CLOUD,
      env,
      ...(env.OS_REGION_NAME ? { regionName: env.OS_REGION_NAME } : {}),
    });
  }
  return cloudConfigFromOsVariables(env);
}

/**
 * The `envvars` cloud of the OS_* variables in `env` (renamed by OS_CLOUD_NAME), `OS_CLOUD` aside:
 * the part of {@link cloudConfigFromEnv} that reads no file. Missing or bad settings are
 * ConfigErrors naming the variable.
 */
export function cloudConfigFromOsVariables(env: NodeJS.ProcessEnv): CloudConfig {
  const settings: Record<string, unknown> = {};
  const auth: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (
      !key.startsWith('OS_') ||
      value === undefined ||
      value === '' ||
      IGNORED_PREFIXES.some((p) => key.startsWith(p))
    )
      continue;
    if (key === 'OS_CLOUD_NAME' || key === 'OS_CLIENT_CONFIG_FILE' || key === 'OS_CLIENT_SECURE_FILE')
      continue;
    const name = key.slice(3).toLowerCase();
    if (AUTH_KEYS.has(name)) auth[name] = value;
    else settings[name] = value;
  }
  if (Object.keys(auth).length === 0) {
    throw new ConfigError(
      'No cloud is configured: set OS_CLOUD (a clouds.yaml cloud) or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, OS_USER_DOMAIN_NAME and OS_PROJECT_DOMAIN_NAME',
      {
        field: 'OS_AUTH_URL',
        source: 'environment',
      },
    );
  }
  settings.auth = auth;
  try {
    return cloudConfigFromSettings(env.OS_CLOUD_NAME || 'envvars', settings, 'environment');
  } catch (error) {
    if (error instanceof ConfigError && error.field) {
      // Name the variable the user sets, not the clouds.yaml key.
      const variable = `OS_${error.field.replace(/^auth\./, '').toUpperCase()}`;
      throw new ConfigError(error.message.replace(`${error.field} (in environment)`, variable), {
        field: variable,
        source: 'environment',
      });
    }
    throw error;
  }
}

import {
  type CloudConfig,
  cloudConfigFromEnv,
  environmentHasCloud,
  loadCloudFromYaml,
  SecretRegistry,
} from '@track/openstack-clients';

/**
 * A redaction for everything the run prints and writes (stats lines, table, reports): the run's
 * long-lived credentials (password, application-credential secret, and a password in the auth URL)
 * in their raw, URL-encoded and base64 forms. Tokens are per connection and never leave the HTTP
 * layer unscrubbed; this is the second line of defence for the credentials themselves.
 */
export async function credentialRedaction(
  cloud: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<(text: string) => string> {
  const registry = new SecretRegistry();
  let config: CloudConfig | undefined;
  try {
    if (cloud) config = loadCloudFromYaml({ cloud });
    else if (environmentHasCloud(env)) config = await cloudConfigFromEnv(env);
  } catch {
    // The run reports configuration errors itself, naming the setting; nothing to redact then.
  }
  if (config !== undefined) {
    const auth = config.auth;
    registry.keep(auth.type === 'password' ? auth.password : auth.applicationCredentialSecret);
    registry.addUserinfoOf(auth.authUrl);
  }
  return (text) => registry.scrub(text);
}

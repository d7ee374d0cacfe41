/** Keystone v3 password credentials. A user or project given by name needs its domain. */
export interface PasswordCredentials {
  type: 'password';
  /** Keystone URL, with or without the `/v3` suffix. */
  authUrl: string;
  username?: string;
  userId?: string;
  password: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
}

/** Keystone v3 application credentials (the scope is the credential's own; no scope is sent). */
export interface ApplicationCredentials {
  type: 'applicationCredential';
  authUrl: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret: string;
  /** With a credential named rather than given by id, its user. */
  username?: string;
  userId?: string;
  userDomainName?: string;
  userDomainId?: string;
}

/** How to authenticate. */
export type AuthCredentials = PasswordCredentials | ApplicationCredentials;

/** Endpoint interface in the catalog. */
export type EndpointInterface = 'public' | 'internal' | 'admin';

/** Everything needed to reach one cloud. */
export interface CloudConfig {
  /** The cloud's name (clouds.yaml key, or `envvars`). */
  name: string;
  auth: AuthCredentials;
  regionName?: string;
  /** Preferred endpoint interfaces, in order (default `['public']`). */
  interfaces: EndpointInterface[];
  /** Per-service endpoint overrides (`block_storage_endpoint_override`, ...). */
  endpointOverrides: Partial<Record<'block-storage' | 'compute' | 'network' | 'identity', string>>;
  /** Verify TLS certificates (default true). */
  verifyTls: boolean;
  /** CA bundle path. */
  cacert?: string;
  /**
   * Where these settings were read: `environment` (OS_* variables) or a clouds.yaml path with the
   * cloud's key. Messages use it to name a setting as the user writes it (`OS_CACERT`, or `cacert`
   * in that file).
   */
  source?: string;
  /** Per-request timeout in ms (`api_timeout`; 0 = none). */
  requestTimeoutMs?: number;
}

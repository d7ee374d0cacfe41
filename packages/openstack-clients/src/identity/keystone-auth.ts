import { Unauthorized, UnscopedToken } from '../errors';
import { errorFromResponse } from '../http/response-error';
import type { SecretRegistry } from '../http/secret-registry';
import type { Transport } from '../http/transport';
import type { CatalogEntry } from './catalog';
import type { AuthCredentials } from './credentials';

/** A token as the session uses it. */
export interface IssuedToken {
  id: string;
  /** Epoch ms. */
  expiresAt: number;
  projectId: string;
  catalog: CatalogEntry[];
}

/** `<auth_url>/v3/auth/tokens`, whether the auth URL ends with `/v3` or not. */
export function tokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  return /\/v3$/.test(base) ? `${base}/auth/tokens` : `${base}/v3/auth/tokens`;
}

function domainOf(name: string | undefined, id: string | undefined): Record<string, string> | undefined {
  if (id !== undefined) return { id };
  if (name !== undefined) return { name };
  return undefined;
}

/** The POST /v3/auth/tokens body for `credentials`. */
export function authRequestBody(credentials: AuthCredentials): unknown {
  if (credentials.type === 'applicationCredential') {
    const cred: Record<string, unknown> = { secret: credentials.applicationCredentialSecret };
    if (credentials.applicationCredentialId !== undefined) cred.id = credentials.applicationCredentialId;
    else {
      cred.name = credentials.applicationCredentialName;
      cred.user =
        credentials.userId !== undefined
          ? { id: credentials.userId }
          : {
              name: credentials.username,
              domain: domainOf(credentials.userDomainName, credentials.userDomainId),
            };
    }
    return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
  }
  const user: Record<string, unknown> =
    credentials.userId !== undefined
      ? { id: credentials.userId, password: credentials.password }
      : {
          name: credentials.username,
          domain: domainOf(credentials.userDomainName, credentials.userDomainId),
          password: credentials.password,
        };
  const body: Record<string, unknown> = { identity: { methods: ['password'], password: { user } } };
  if (credentials.projectId !== undefined) body.scope = { project: { id: credentials.projectId } };
  else if (credentials.projectName !== undefined) {
    body.scope = {
      project: {
        name: credentials.projectName,
        domain: domainOf(credentials.projectDomainName, credentials.projectDomainId),
      },
    };
  }
  return { auth: body };
}

/**
 * Authenticates against Keystone v3 and returns the project-scoped token. The request body (which
 * carries the password or secret) is never logged or put into an error; the credential and any
 * password in the auth URL's userinfo are kept in `secrets` for good, the issued token is registered
 * before anything else sees it, and every error names the URL only in its scrubbed form. Throws Unauthorized when Keystone refuses or
 * answers with something that is not a scoped Keystone v3 token.
 */
export async function authenticate(
  transport: Transport,
  credentials: AuthCredentials,
  secrets: SecretRegistry,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<IssuedToken> {
  const url = tokensUrl(credentials.authUrl);
  // A session may have seen many tokens and adminPass values since it registered the credential.
  secrets.keep(
    credentials.type === 'password' ? credentials.password : credentials.applicationCredentialSecret,
  );
  secrets.addUserinfoOf(url);
  const safeUrl = secrets.scrubUrl(url);
  const response = await transport.request({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(authRequestBody(credentials)),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const tokenId = response.headers['x-subject-token'];
  if (tokenId) secrets.add(tokenId);
  if (response.status !== 201 && response.status !== 200) {
    const error = errorFromResponse(response, { method: 'POST', url }, secrets);
    if (error instanceof Unauthorized) {
      const who =
        credentials.type === 'password'
          ? `user ${credentials.username ?? credentials.userId}`
          : 'the application credential';
      throw new Unauthorized(
        `Keystone at ${safeUrl} rejected ${who}${error.serverMessage ? `: ${error.serverMessage}` : ''}; check the password or secret, the user and project names and their domains.`,
        {
          status: error.status,
          method: 'POST',
          url: error.url,
          requestId: error.requestId,
          serverMessage: error.serverMessage,
        },
      );
    }
    throw error;
  }
  if (!tokenId)
    throw new Unauthorized(
      `Keystone at ${safeUrl} issued no X-Subject-Token header; is this a Keystone v3 endpoint?`,
      { status: response.status, method: 'POST', url: safeUrl },
    );
  let body: { token?: { expires_at?: string; project?: { id?: string }; catalog?: CatalogEntry[] } };
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new Unauthorized(
      `Keystone at ${safeUrl} answered ${response.status} with a body that is not JSON; is this a Keystone v3 endpoint?`,
      { status: response.status, method: 'POST', url: safeUrl },
    );
  }
  const token = body.token;
  const projectId = token?.project?.id;
  if (!token || !projectId) {
    throw new UnscopedToken(
      `Keystone at ${safeUrl} issued an unscoped token: give a project (project_name + project_domain_name, or project_id).`,
      { status: response.status, method: 'POST', url: safeUrl },
    );
  }
  const expiresAt = token.expires_at
    ? Date.parse(token.expires_at.endsWith('Z') ? token.expires_at : `${token.expires_at}Z`)
    : Number.NaN;
  return {
    id: tokenId,
    expiresAt: Number.isNaN(expiresAt) ? Date.now() + 3600_000 : expiresAt,
    projectId,
    catalog: token.catalog ?? [],
  };
}

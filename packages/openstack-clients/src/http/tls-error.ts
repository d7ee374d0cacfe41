import { ConnectionError } from '../errors';
import { scrubbedError, secretsOfUrl } from './secret-registry';
import type { TransportRequest } from './transport';

/** TLS verification failures that mean "no trusted CA signed this certificate". */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** What the transport trusted, for the advice of an untrusted certificate. */
export interface TrustSettings {
  /** The CA bundle in use, when the cloud has one (`cacert`, `OS_CACERT`). */
  ca?: string | Buffer;
  /** How the user names the CA setting (default `cacert (clouds.yaml) or OS_CACERT`). */
  caSetting?: string;
}

/**
 * The ConnectionError for a certificate that no trusted CA signed (self-signed, a private CA), with
 * what to do: name the CA setting to fill in, or, when it is filled in, say that its CA did not sign
 * the cloud's certificate. `undefined` for any other failure. URL secrets are scrubbed.
 */
export function untrustedCertificateError(
  error: unknown,
  request: TransportRequest,
  url: URL,
  trust: TrustSettings,
): ConnectionError | undefined {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (code === undefined || !UNTRUSTED_CERTIFICATE.has(code)) return undefined;
  const secrets = secretsOfUrl(url);
  const scrub = (text: string): string => secrets.scrub(text);
  const target = scrub(`${url.origin}${url.pathname}`);
  const setting = trust.caSetting ?? 'cacert (clouds.yaml) or OS_CACERT';
  const advice = trust.ca
    ? `the CA bundle of ${setting} did not sign it; give the CA certificate that signed the cloud's certificate there (PEM)`
    : `if the cloud uses a private or self-signed CA, give its CA certificate (PEM) in ${setting}; for a throw-away test cloud only, turn verification off (verify: false in clouds.yaml, OS_INSECURE=true)`;
  return new ConnectionError(
    `The TLS certificate of ${scrub(url.origin)} is not trusted (${code}) on ${request.method} ${target}; ${advice}.`,
    { method: request.method, url: target },
    { cause: scrubbedError(error, scrub) },
  );
}

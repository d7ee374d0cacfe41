import { databaseTime, FakeHttpError, optionalString, parseJsonBody, requireObject } from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import type { ServiceRoutes } from '../service-handler';
import { keypairKey, type NovaState } from './nova-state';
import { projectQuotas } from './quotas';
import type { FakeKeypair } from './records';
import { generateNovaKeyPair, sshFingerprint } from './ssh-keys';

/** Nova's keypairs (per user): create or import, list, show, delete. */
export function addKeypairRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes
    .add('POST', '/os-keypairs', (req, _p, token, v) => createKeypair(state, req, token, v))
    .add('GET', '/os-keypairs', (_req, _p, token, v) =>
      json(200, { keypairs: state.keypairsOf(token).map((k) => ({ keypair: keypairBody(k, v, false) })) }),
    )
    .add('GET', '/os-keypairs/{name}', (_req, p, token, v) =>
      json(200, { keypair: keypairBody(keypair(state, p.name!, token), v, true) }),
    )
    .add('DELETE', '/os-keypairs/{name}', (_req, p, token, v) => {
      const found = keypair(state, p.name!, token);
      state.keypairs.delete(keypairKey(token.user.id, found.name));
      return empty(v >= 2002 ? 204 : 202);
    });
}

function keypair(state: NovaState, name: string, token: FakeToken): FakeKeypair {
  const found = state.keypairs.get(keypairKey(token.user.id, name));
  if (!found) throw new FakeHttpError(404, `Keypair ${name} not found for user ${token.user.id}`);
  return found;
}

function createKeypair(state: NovaState, req: FakeRequest, token: FakeToken, version: number): FakeResponse {
  const spec = requireObject(parseJsonBody(req.body), 'keypair');
  const name = optionalString(spec, 'name');
  if (!name || !/^[\w\-. @]{1,255}$/.test(name)) {
    throw new FakeHttpError(
      400,
      'Keypair data is invalid: Keypair name contains unsafe characters or is empty',
    );
  }
  if (state.keypairs.has(keypairKey(token.user.id, name)))
    throw new FakeHttpError(409, `Key pair '${name}' already exists.`);
  const quotas = projectQuotas(state, token.project!.id);
  if (quotas.keyPairs >= 0 && state.keypairsOf(token).length + 1 > quotas.keyPairs) {
    throw new FakeHttpError(403, 'Quota exceeded, too many key pairs.');
  }
  let publicKey = optionalString(spec, 'public_key');
  let privateKey: string | undefined;
  if (publicKey === undefined) {
    if (version >= 2092)
      throw new FakeHttpError(
        400,
        "Invalid input for field/attribute keypair. 'public_key' is a required property",
      );
    ({ privateKey, publicKey } = generateNovaKeyPair());
  }
  const fingerprint = sshFingerprint(publicKey);
  if (fingerprint === undefined)
    throw new FakeHttpError(400, 'Keypair data is invalid: failed to generate fingerprint');
  const created: FakeKeypair = {
    id: ++state.keypairSeq,
    name,
    userId: token.user.id,
    publicKey,
    fingerprint,
    type: optionalString(spec, 'type') ?? 'ssh',
    createdAt: state.context.now(),
  };
  state.keypairs.set(keypairKey(token.user.id, name), created);
  const body = keypairBody(created, version, false);
  body.user_id = created.userId;
  if (privateKey !== undefined) body.private_key = privateKey;
  return json(version >= 2002 ? 201 : 200, { keypair: body });
}

function keypairBody(k: FakeKeypair, version: number, detail: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint };
  if (version >= 2002) body.type = k.type;
  if (detail) {
    body.id = k.id;
    // Read back from Nova's database: naive, whole seconds with six zero digits (as Cinder's).
    body.created_at = databaseTime(k.createdAt);
    body.deleted = false;
    body.deleted_at = null;
    body.updated_at = null;
    body.user_id = k.userId;
  }
  return body;
}

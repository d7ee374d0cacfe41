// Loaded (`--import`) only when scripts/bench-beside-node20.mjs runs this bench on the machine's older
// Node: undici 8, which @track/openstack-clients imports, does not load on Node < 22.19. Its import
// resolves to an inert stand-in instead; the in-process figures never use it, and the bench leaves out
// its loopback HTTP figures on such a Node (they need the real transport).
import { register } from 'node:module';

const standIn = `
export class Pool {
  constructor() {
    throw new Error('undici stand-in: real HTTP needs Node >= 22.19 (undici 8)');
  }
}
export const errors = { HeadersTimeoutError: class extends Error {}, BodyTimeoutError: class extends Error {} };
`;
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'undici') return { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(standIn)}`)}, shortCircuit: true };
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

declare const __TRACK_VERSIONS__: Record<string, string> | undefined;

/** Versions recorded in reports (filled at build time; `dev` when run from source). */
export const TOOL_VERSIONS: Record<string, string> = {
  ...(typeof __TRACK_VERSIONS__ === 'object' ? __TRACK_VERSIONS__ : { '@track/cinder-stress': 'dev' }),
  node: process.version,
};

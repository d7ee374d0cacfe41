// pnpm install hook. TypeScript 7 (the root `typescript`, which type-checks the repo) ships no
// compiler API; tsup 9 builds declarations through that API (`require('typescript')`). So tsup gets
// TypeScript 6 as its own dependency instead of the workspace's TypeScript as a peer.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === 'tsup') {
        delete pkg.peerDependencies?.typescript;
        delete pkg.peerDependenciesMeta?.typescript;
        pkg.dependencies = { ...pkg.dependencies, typescript: '~6.0.3' };
      }
      return pkg;
    },
  },
};

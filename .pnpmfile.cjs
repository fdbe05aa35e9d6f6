// What `pnpm pack` and `pnpm publish` write into a published package.json: the workspace's own
// wiring removed. Inside the workspace, packages resolve to their TypeScript sources through the
// `@genops/source` export condition (tests, the demo and the benchmarks need no build); published
// packages ship only `dist`, so that condition would point at files that are not there. Their
// devDependencies (which name the private @genops/testing) and build scripts concern this
// repository only.
const SOURCE_CONDITION = '@genops/source';

function withoutSourceCondition(target) {
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return target;
  const kept = {};
  for (const [key, value] of Object.entries(target)) {
    if (key !== SOURCE_CONDITION) kept[key] = withoutSourceCondition(value);
  }
  return kept;
}

module.exports = {
  hooks: {
    beforePacking(manifest) {
      if (manifest.exports !== undefined)
        manifest.exports = withoutSourceCondition(manifest.exports);
      delete manifest.devDependencies;
      delete manifest.scripts;
      return manifest;
    },
  },
};

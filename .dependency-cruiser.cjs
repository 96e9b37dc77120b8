/**
 * Import rules checked by `npm test` (dependency-cruiser): no import cycle anywhere in the TypeScript workspaces.
 * Run by hand: `npx depcruise packages apps e2e scripts`.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle mixes layers (e.g. a permissions module importing a feature): break it by moving the shared part down.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next|generated|artifacts|dist)/" },
    tsPreCompilationDeps: true,
    // apps/web's "@/…" paths, from the root; the other workspaces use relative paths and package names.
    tsConfig: { fileName: "tsconfig.check.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs"],
      conditionNames: ["import", "require", "node", "default"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

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
    {
      name: "web-permissions-import-no-feature",
      severity: "error",
      comment:
        "apps/web/lib/permissions is the web's permission layer: features import it, never the reverse. It may use only the layers below it (errors, session type, chain, config, db, index, shared).",
      from: { path: "^apps/web/lib/permissions/" },
      to: { path: "^apps/web/lib/", pathNot: "^apps/web/lib/(permissions|chain|config|db|index|shared)/|^apps/web/lib/api/errors\\.ts$|^apps/web/lib/auth/session\\.ts$" },
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

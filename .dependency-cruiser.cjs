/**
 * The dependency rules of src/ (run by `npm run typecheck`): no import cycle
 * between files or between folders, and domain code never reaches for the
 * entry points (src/index.ts, the HTTP layer in src/api/, the web app in
 * src/web/, the queue registry in src/queues/). Entry points are thin and call the domain, not
 * the other way round.
 */
const ENTRY_POINTS = "^src/(index\\.ts$|api/|web/|queues/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle between files: one of them is in the wrong place, or a shared part wants a file of its own.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      comment: "A cycle between folders: the layers of src/ import in one direction only.",
      scope: "folder",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "domain-not-entry-points",
      comment: "Domain code must not import the HTTP layer or an entry point: they call it, not the reverse.",
      severity: "error",
      from: { path: "^src/", pathNot: ENTRY_POINTS },
      to: { path: ENTRY_POINTS },
    },
    {
      name: "domain-not-hono",
      comment: "Nothing in the domain imports Hono: HTTP stays in src/api/ and src/web/.",
      severity: "error",
      from: { path: "^src/", pathNot: ENTRY_POINTS },
      to: { path: "node_modules/(hono|@hono)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};

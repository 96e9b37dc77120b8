/**
 * `next build` for apps/web unless its production build is newer than every source it depends on (see
 * webBuildIsStale): `.ci/run` builds once for the `npm start` smoke test and `npm test` reuses that build.
 * Set WEB_BUILD=always to build regardless. Exits non-zero when the build fails.
 */
import { buildWeb, webBuildIsStale } from "./lib/platform.ts";

if (process.env.WEB_BUILD === "always" || webBuildIsStale()) buildWeb();
else console.log("web build is up to date (apps/web/.next is newer than its sources): not rebuilt");

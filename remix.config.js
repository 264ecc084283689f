// MAQUETTE_BUILD_DIR lets several builds live side by side (one per engineer or test run);
// by default the server build goes to build/ and the browser assets to public/build/.
import { flatRoutes } from "remix-flat-routes";

const buildDir = process.env.MAQUETTE_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Routes are grouped by area in folders (remix-flat-routes, as the Epic Stack does):
  // app/routes/_public+/, _account+/, _manage+/, _moderation+/, _admin+/. The leading underscore
  // makes the folder pathless: a file keeps the flat name of its URL (projects.$slug.proposals.$id.tsx).
  ignoredRouteFiles: ["**/*"],
  routes: async (defineRoutes) =>
    flatRoutes("routes", defineRoutes, { ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"] }),
  serverModuleFormat: "esm",
  serverBuildPath: `${buildDir ?? "build"}/remix/index.js`,
  assetsBuildDirectory: buildDir ? `${buildDir}/public` : "public/build",
  cacheDirectory: buildDir ? `${buildDir}/.cache` : ".cache",
  publicPath: "/build/",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};

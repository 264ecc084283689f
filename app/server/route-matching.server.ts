// Remix matches a request's path against every route several times per request (the server
// runtime, then the browser manifest's "fog of war" once for each parent path of the URL), and
// each match flattens and ranks the route tree and compiles a regular expression per branch: 4 to
// 5 % of a logged-in page's CPU. The result depends only on the route tree and the path: here it
// is remembered, per route tree (by its shape: ids, paths, index flags) and path, and handed back
// with the caller's own route objects and fresh params, so no caller shares an object with another.
import { createRequire } from "node:module";

type Route = { id?: string; path?: string; index?: boolean; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type MatchRoutes = (routes: Route[], location: string | { pathname?: string }, basename?: string) => Match[] | null;
type Tree = { shape: string; byId: Map<string, Route> };

const trees = new WeakMap<Route[], Tree>();

function treeOf(routes: Route[]): Tree | null {
  let tree = trees.get(routes);
  if (tree) return tree;
  const parts: string[] = [];
  const byId = new Map<string, Route>();
  let complete = true;
  const walk = (list: Route[], depth: number) => {
    for (const route of list) {
      if (typeof route.id !== "string") complete = false;
      else byId.set(route.id, route);
      parts.push(`${depth}|${route.id}|${route.path ?? ""}|${route.index ? 1 : 0}`);
      if (route.children) walk(route.children, depth + 1);
    }
  };
  walk(routes, 0);
  // Routes without ids cannot be handed back by id: those calls are not remembered.
  if (!complete) return null;
  tree = { shape: parts.join("\n"), byId };
  trees.set(routes, tree);
  return tree;
}

/** A remembering `matchRoutes` around `original` (exported for its test). */
export function rememberingMatchRoutes(original: MatchRoutes, maxPaths = 5000): MatchRoutes {
  const byShape = new Map<string, Map<string, Match[] | null>>();
  return (routes, location, basename = "/") => {
    const pathname = typeof location === "string" ? location : location?.pathname;
    const tree = Array.isArray(routes) && typeof pathname === "string" ? treeOf(routes) : null;
    if (!tree) return original(routes, location, basename);
    let paths = byShape.get(tree.shape);
    if (!paths) {
      if (byShape.size >= 8) byShape.clear();
      paths = new Map();
      byShape.set(tree.shape, paths);
    }
    const key = `${basename}\n${pathname}`;
    let found = paths.get(key);
    if (found === undefined) {
      found = original(routes, location, basename) ?? null;
      if (paths.size >= maxPaths) paths.clear();
      paths.set(key, found);
    }
    if (!found) return null;
    return found.map((m) => ({ ...m, params: { ...m.params }, route: tree.byId.get(m.route.id!) ?? m.route }));
  };
}

/** Puts the remembering matcher in place of @remix-run/router's, as Remix's packages load it. */
export function rememberRouteMatches() {
  const fromServerRuntime = createRequire(createRequire(import.meta.url).resolve("@remix-run/server-runtime"));
  const router = fromServerRuntime("@remix-run/router") as { matchRoutes: MatchRoutes; __remembered?: boolean };
  if (router.__remembered) return;
  router.matchRoutes = rememberingMatchRoutes(router.matchRoutes.bind(router));
  router.__remembered = true;
}

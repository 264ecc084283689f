import { describe, expect, it } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { createRouteNamer, hasMetricsToken } from "./metrics.server";

const routes = {
  root: { id: "root", path: "" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true },
  "routes/$": { id: "routes/$", parentId: "root", path: "*" },
  "routes/projects.$slug": { id: "routes/projects.$slug", parentId: "root", path: "projects/:slug" },
  "routes/projects.$slug._index": { id: "routes/projects.$slug._index", parentId: "routes/projects.$slug", index: true },
  "routes/projects.$slug.proposals._index": { id: "routes/projects.$slug.proposals._index", parentId: "routes/projects.$slug", path: "proposals" },
  "routes/projects.$slug.proposals.new": { id: "routes/projects.$slug.proposals.new", parentId: "routes/projects.$slug", path: "proposals/new" },
  "routes/projects.$slug.proposals.$id": { id: "routes/projects.$slug.proposals.$id", parentId: "routes/projects.$slug", path: "proposals/:id" },
  "routes/comments": { id: "routes/comments", parentId: "root", path: "comments" },
} as unknown as ServerBuild["routes"];

describe("route names of the metrics and logs", () => {
  const routeOf = createRouteNamer(routes);
  it("names the pattern, never the URL's values", () => {
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/_root.data")).toBe("/");
    expect(routeOf("/projects/jardin-partage")).toBe("/projects/:slug");
    expect(routeOf("/projects/jardin-partage.data")).toBe("/projects/:slug");
    expect(routeOf("/projects/jardin/proposals")).toBe("/projects/:slug/proposals");
    expect(routeOf("/projects/jardin/proposals/new")).toBe("/projects/:slug/proposals/new");
    expect(routeOf("/projects/jardin/proposals/42")).toBe("/projects/:slug/proposals/:id");
    expect(routeOf("/Comments")).toBe("/comments");
    expect(routeOf("/reset-password/secret-token-in-the-path")).toBe("/*");
  });
  it("remembers a bounded number of paths", () => {
    const small = createRouteNamer(routes, 2);
    for (let i = 0; i < 10; i++) expect(small(`/projects/p${i}`)).toBe("/projects/:slug");
  });
});

describe("the metrics token", () => {
  it("is a Bearer token compared whole", () => {
    expect(hasMetricsToken("Bearer 0123456789abcdef", "0123456789abcdef")).toBe(true);
    expect(hasMetricsToken("bearer 0123456789abcdef", "0123456789abcdef")).toBe(true);
    expect(hasMetricsToken("Bearer 0123456789abcde", "0123456789abcdef")).toBe(false);
    expect(hasMetricsToken("Basic 0123456789abcdef", "0123456789abcdef")).toBe(false);
    expect(hasMetricsToken(undefined, "0123456789abcdef")).toBe(false);
  });
});

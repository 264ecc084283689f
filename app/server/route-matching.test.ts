import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { rememberingMatchRoutes } from "./route-matching.server";

const require = createRequire(import.meta.url);
const { matchRoutes } = require("@remix-run/router") as { matchRoutes: Parameters<typeof rememberingMatchRoutes>[0] };

/** A route tree like Remix's: root, an index, a splat, a project with its tabs. */
function tree(tag: string) {
  return [
    {
      id: "root",
      path: "",
      tag,
      children: [
        { id: "routes/_index", index: true, tag },
        { id: "routes/$", path: "*", tag },
        {
          id: "routes/projects.$slug",
          path: "projects/:slug",
          tag,
          children: [
            { id: "routes/projects.$slug._index", index: true, tag },
            { id: "routes/projects.$slug.proposals._index", path: "proposals", tag },
            { id: "routes/projects.$slug.proposals.$id", path: "proposals/:id", tag },
          ],
        },
      ],
    },
  ];
}

const PATHS = ["/", "/projects/jardin", "/projects/jardin/proposals", "/projects/jardin/proposals/42", "/projects/autre/proposals/7", "/nothing/here", "/projects"];

describe("remembered route matches", () => {
  it("give the same matches as the router, with the caller's own route objects and params", () => {
    const remembering = rememberingMatchRoutes(matchRoutes);
    const first = tree("first");
    for (const path of PATHS) expect(remembering(first, path)).toEqual(matchRoutes(first, path));
    // Another array of the same shape (Remix builds one per render): its own objects come back.
    const second = tree("second");
    for (const path of PATHS) {
      const got = remembering(second, path);
      expect(got).toEqual(matchRoutes(second, path));
      for (const match of got ?? []) expect((match.route as { tag?: string }).tag).toBe("second");
    }
    // Mutating a result changes nothing for the next caller.
    const mine = remembering(first, "/projects/jardin/proposals/42")!;
    mine.at(-1)!.params.id = "changed";
    expect(remembering(first, "/projects/jardin/proposals/42")!.at(-1)!.params.id).toBe("42");
  });

  it("tells trees of different shapes apart", () => {
    const remembering = rememberingMatchRoutes(matchRoutes);
    const small = [{ id: "root", path: "", children: [{ id: "routes/$", path: "*" }] }];
    expect(remembering(tree("a"), "/projects/x")!.at(-1)!.route.id).toBe("routes/projects.$slug._index");
    expect(remembering(small, "/projects/x")!.at(-1)!.route.id).toBe("routes/$");
  });
});

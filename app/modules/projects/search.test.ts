// Full-text search: French, accent-insensitive, ranked, proposals included, drafts, hidden
// proposals and other organizations never found, highlights as text segments.
import { beforeAll, describe, expect, it } from "vitest";
import * as searchRoute from "~/routes/_public+/search";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { searchPublic, toSegments } from "./search.server";
import { createTestProject, createTestProposal } from "./testing.server";

let orgA: { id: number };
let orgB: { id: number };
const ids: Record<string, number> = {};

beforeAll(async () => {
  orgA = await createTestOrganization();
  orgB = await createTestOrganization();
  const official = await createTestUser(orgA.id, { role: "official" });
  const citizen = await createTestUser(orgA.id);
  const officialB = await createTestUser(orgB.id, { role: "official" });
  ids.school = (await createTestProject(orgA.id, official.id, {
    title: "Rénovation de l'école Jules-Ferry",
    summary: "Des classes plus lumineuses.",
    body: "La cour de l'école sera végétalisée avec les élèves.",
  })).id;
  ids.park = (await createTestProject(orgA.id, official.id, {
    title: "Parc du Moulin",
    body: "Un nouveau parc près de l'école maternelle, avec des jeux.",
  })).id;
  ids.draft = (await createTestProject(orgA.id, official.id, { title: "École secrète", status: "draft", body: "Brouillon d'école." })).id;
  ids.archived = (await createTestProject(orgA.id, official.id, { title: "Ancienne école", status: "archived", body: "Archivé." })).id;
  ids.proposal = (await createTestProposal(orgA.id, ids.park, citizen.id, { title: "Un potager pédagogique", body: "Pour que l'école du quartier jardine." })).id;
  ids.hidden = (await createTestProposal(orgA.id, ids.park, citizen.id, { title: "École masquée", body: "Masquée par la modération.", hidden: true })).id;
  ids.other = (await createTestProject(orgB.id, officialB.id, { title: "École de la Ville B", body: "Une école ailleurs." })).id;
});

describe("search", () => {
  it("finds accented words from an accent-less query, ranks title matches first, includes proposals", async () => {
    const { hits, total } = await searchPublic(sql, orgA.id, "ecole", 1);
    const found = hits.map((h) => `${h.type}:${h.id}`);
    expect(found).toContain(`project:${ids.school}`);
    expect(found).toContain(`project:${ids.park}`);
    expect(found).toContain(`proposal:${ids.proposal}`);
    expect(found).toContain(`project:${ids.archived}`);
    expect(total).toBe(4);
    // "école" in the title (weight A) ranks above "école" in the body only (weight C).
    expect(found.indexOf(`project:${ids.school}`)).toBeLessThan(found.indexOf(`project:${ids.park}`));
    const proposal = hits.find((h) => h.type === "proposal")!;
    expect(proposal.href).toMatch(new RegExp(`^/projects/[a-z0-9-]+/proposals/${ids.proposal}$`));
    expect(proposal.projectTitle).toBe("Parc du Moulin");
  });

  it("never finds drafts, hidden proposals or another organization's content", async () => {
    const found = (await searchPublic(sql, orgA.id, "école", 1)).hits.map((h) => `${h.type}:${h.id}`);
    expect(found).not.toContain(`project:${ids.draft}`);
    expect(found).not.toContain(`proposal:${ids.hidden}`);
    expect(found).not.toContain(`project:${ids.other}`);
    expect((await searchPublic(sql, orgA.id, "Ville B", 1)).total).toBe(0);
    expect((await searchPublic(sql, orgB.id, "potager", 1)).total).toBe(0);
  });

  it("highlights the matched words of the original (accented) text as segments", async () => {
    const { hits } = await searchPublic(sql, orgA.id, "ecole", 1);
    const school = hits.find((h) => h.id === ids.school && h.type === "project")!;
    expect(school.title.filter((s) => s.hit).map((s) => s.text)).toEqual(["école"]);
    expect(school.title.map((s) => s.text).join("")).toBe("Rénovation de l'école Jules-Ferry");
    expect(school.snippet.some((s) => s.hit && s.text === "école")).toBe(true);
  });

  it("keeps markup in the text as text", () => {
    expect(toSegments("a <b>x</b> \uE000école\uE001 <script>")).toEqual([
      { text: "a <b>x</b> ", hit: false },
      { text: "école", hit: true },
      { text: " <script>", hit: false },
    ]);
  });

  it("paginates, and treats empty or odd queries gracefully", async () => {
    const page1 = await searchPublic(sql, orgA.id, "ecole", 1, 3);
    const page2 = await searchPublic(sql, orgA.id, "ecole", 2, 3);
    expect(page1.hits).toHaveLength(3);
    expect(page2.hits).toHaveLength(1);
    expect(page1.pageCount).toBe(2);
    expect(new Set([...page1.hits, ...page2.hits].map((h) => `${h.type}${h.id}`)).size).toBe(4);
    expect((await searchPublic(sql, orgA.id, "ecole", 5, 3)).total).toBe(4);
    expect((await searchPublic(sql, orgA.id, "   ", 1)).total).toBe(0);
    expect((await searchPublic(sql, orgA.id, "le la des du", 1)).total).toBe(0);
    expect((await searchPublic(sql, orgA.id, "\"parc du\" -potager ' or 1=1 --", 1)).hits.map((h) => h.id)).toEqual([ids.park]);
  });

  it("serves /search?q= through its loader", async () => {
    const context = await makeContext(orgA as never);
    const result = (await run(() => searchRoute.loader({ request: makeRequest("/search?q=potager"), context, params: {} }))) as {
      title: string;
      total: number;
      hits: { type: string }[];
    };
    expect(result.title).toBe("Recherche : potager");
    expect(result.total).toBe(1);
    expect(result.hits[0]!.type).toBe("proposal");
  });
});

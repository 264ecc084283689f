// JSON-valued form fields (the place's GeoJSON, the rich-text body) refuse text that is not
// well-formed, through the real actions: NUL and lone surrogates written as JSON escapes are plain
// ASCII on the wire, become bad characters inside JSON.parse, and would otherwise be dropped
// silently (a place) or refused by jsonb (a 500). The answer is a 400 naming the field, nothing written.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import * as manageNew from "~/routes/_manage+/manage.projects.new";
import * as proposalNew from "~/routes/_public+/projects.$slug.proposals.new";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { callAction, dataOf, makeContext, type RouteFn, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";

type Reply = { error?: Record<string, string[] | null> };

let org: TestOrg;
let citizen: TestUser;
let official: TestUser;

beforeAll(async () => {
  org = (await createTestOrganization({ name: "Ville Bien Formée" })) as TestOrg;
  citizen = await createTestUser(org.id, { name: "Camille" });
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
});

/** A Feature at the typed coordinates below (so that the geometry would be kept), with `properties`. */
const feature = (properties: string) =>
  `{"type":"Feature","properties":${properties},"geometry":{"type":"Point","coordinates":[2.3522,48.8566]}}`;
const TYPED = { "location-lat": "48.8566", "location-lng": "2.3522" };
const BAD_PLACES = [feature('{"name":"\\ud800"}'), feature('{"\\u0000":"x"}'), '{"type":"Point\\udc00","coordinates":[2.3522,48.8566]}'];

async function count(table: "proposals" | "projects") {
  const [row] = await sql`select count(*)::int as n from ${sql(table)} where organization_id = ${org.id}`;
  return Number(row!.n);
}

describe("a proposal's place and body", () => {
  it.each(BAD_PLACES)("refuses the place %s: 400 map:errors.badCharacter, nothing written", async (location) => {
    const project = await createTestProject(org.id, official.id);
    const before = await count("proposals");
    const result = await callAction(
      proposalNew.action as RouteFn,
      org,
      citizen,
      `/projects/${project.slug}/proposals/new`,
      { title: "Un banc place du marché", body: "Du texte.", bodyFormat: "plain", location, ...TYPED },
      { slug: project.slug },
    );
    expect(statusOf(result)).toBe(400);
    expect(dataOf<Reply>(result).error?.location).toEqual(["map:errors.badCharacter"]);
    expect(await count("proposals")).toBe(before);
  });

  it("accepts the same place well-formed (emoji pairs and accents in its properties)", async () => {
    const project = await createTestProject(org.id, official.id);
    const result = await callAction(
      proposalNew.action as RouteFn,
      org,
      citizen,
      `/projects/${project.slug}/proposals/new`,
      { title: "Un banc place du marché", body: "Du texte.", bodyFormat: "plain", location: feature('{"name":"Marché \\ud83d\\ude00"}'), ...TYPED },
      { slug: project.slug },
    );
    expect(statusOf(result)).toBe(302);
  });

  it("refuses a rich-text body holding escaped bad characters anywhere, with a translated message", async () => {
    const project = await createTestProject(org.id, official.id);
    const before = await count("proposals");
    for (const body of [
      '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a\\ud800"}]}]}',
      '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"bold","attrs":{"k":"\\udc00"}}]}]}]}',
      '{"type":"doc","content":[{"type":"paragraph","attrs":{"x\\u0000":"y"},"content":[{"type":"text","text":"a"}]}]}',
    ]) {
      const result = await callAction(
        proposalNew.action as RouteFn,
        org,
        citizen,
        `/projects/${project.slug}/proposals/new`,
        { title: "Un banc place du marché", body, bodyFormat: "json", location: "", "location-lat": "", "location-lng": "" },
        { slug: project.slug },
      );
      expect(statusOf(result), body).toBe(400);
      expect(dataOf<Reply>(result).error?.body?.[0], body).toMatch(/^richtext\./);
    }
    expect(await count("proposals")).toBe(before);
  });
});

describe("a project's place", () => {
  it.each(BAD_PLACES)("refuses the place %s in the officials' form: 400, nothing written", async (location) => {
    const body = new FormData();
    const fields: Record<string, string> = {
      intent: "save",
      title: "Réaménagement de la place",
      slug: "",
      summary: "Une place plus verte.",
      body: "La place est trop minérale.",
      bodyFormat: "plain",
      kind: "urban",
      location,
      ...TYPED,
    };
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const context = await makeContext(org, { token: (await createTestSession(official)).token });
    const before = await count("projects");
    const result = await run(() => manageNew.action({ request: new Request("http://localhost/manage/projects/new", { method: "POST", body }), context, params: {} }));
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<{ kind: string; result: Reply }>(result);
    expect(reply.kind).toBe("form");
    expect(reply.result.error?.location).toEqual(["map:errors.badCharacter"]);
    expect(await count("projects")).toBe(before);
  });
});

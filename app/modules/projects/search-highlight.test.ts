// Highlighted excerpts are the stored text, exactly: markup-looking text (tags, entities) is
// neither parsed nor altered on its way to the page, and the highlights fall on words of it.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { searchPublic, type Segment } from "./search.server";
import { createTestProject } from "./testing.server";

let org: { id: number };
const TITLE = "Atelier <img src=x onerror=alert(1)> & window.location";
const SUMMARY = "Un résumé avec &amp; et <b>gras</b> : onerror=alert(document.cookie) puis window.location='https://evil.example'.";
const BODY = "Le corps parle de <script>window.open()</script> et de l'école &lt;b&gt; du quartier.";

beforeAll(async () => {
  org = await createTestOrganization();
  const official = await createTestUser(org.id, { role: "official" });
  await createTestProject(org.id, official.id, { title: TITLE, summary: SUMMARY, body: BODY });
});

const join = (segments: Segment[]) => segments.map((s) => s.text).join("");

/** The excerpt's fragments (split on the " … " delimiter) must each be a substring of the source. */
function expectFragmentsOf(segments: Segment[], source: string) {
  for (const fragment of join(segments).split(" … ")) {
    expect(source, `fragment ${JSON.stringify(fragment)}`).toContain(fragment);
  }
}

describe("search excerpts", () => {
  // "window.location" and "alert(document.cookie)" are indexed as separate words (migration 00013,
  // maquette_search_text), so each part finds them; the dots stay in the excerpt.
  it.each(["onerror", "window", "location", "document", "cookie", "window.location", "alert", "img", "gras"])("finds %s and shows the stored text exactly", async (word) => {
    const { hits } = await searchPublic(sql, org.id, word, 1);
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(join(hit!.title)).toBe(TITLE);
    const source = `${SUMMARY} ${BODY}`;
    expectFragmentsOf(hit!.snippet, source);
    const marked = [...hit!.title, ...hit!.snippet].filter((s) => s.hit).map((s) => s.text.toLowerCase());
    expect(marked.length).toBeGreaterThan(0);
    // Each highlight is one word of the query ("window.location": "window" and "location").
    for (const m of marked) expect(word.split(".")).toContain(m);
  });

  it("finds a word joined by dots to another (window.location) with either word, highlights that word alone", async () => {
    const expected: Record<string, Segment[]> = {
      location: [
        { text: "Atelier <img src=x onerror=alert(1)> & window.", hit: false },
        { text: "location", hit: true },
      ],
      window: [
        { text: "Atelier <img src=x onerror=alert(1)> & ", hit: false },
        { text: "window", hit: true },
        { text: ".location", hit: false },
      ],
    };
    for (const [word, title] of Object.entries(expected)) {
      const { hits } = await searchPublic(sql, org.id, word, 1);
      expect(hits).toHaveLength(1);
      expect(hits[0]!.title).toEqual(title);
      expectFragmentsOf(hits[0]!.snippet, `${SUMMARY} ${BODY}`);
    }
  });

  it("never drops or rewrites markup-looking text around a highlight", async () => {
    const { hits } = await searchPublic(sql, org.id, "onerror", 1);
    const title = hits[0]!.title;
    expect(title).toEqual([
      { text: "Atelier <img src=x ", hit: false },
      { text: "onerror", hit: true },
      { text: "=alert(1)> & window.location", hit: false },
    ]);
  });
});

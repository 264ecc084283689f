// The open-data files through their resource route: content, pseudonyms, what is left out, and
// that they are streamed from a cursor rather than built in memory.
import type { AppLoadContext } from "@remix-run/node";
import v8 from "node:v8";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { createComment, createProject, createProposal } from "~/modules/moderation/testing.server";
import * as fileRoute from "~/routes/_public+/open-data.$file";
import * as page from "~/routes/_public+/open-data._index";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { CURSOR_ROWS } from "./export.server";
import { FIELDS } from "./datasets";
import { csvField } from "./format";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;
type Fn = (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => unknown;

let org: Org;
let other: Org;
let official: User;
let alice: User;
let bob: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Ouverte" });
  other = await createTestOrganization({ name: "Ville Voisine" });
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue", email: "elise@ville.example" });
  alice = await createTestUser(org.id, { name: "Alice Secrète", email: "alice.secrete@example.org" });
  bob = await createTestUser(org.id, { name: "Bob Discret", email: "bob.discret@example.org" });
});

async function download(o: Org, file: string): Promise<Response> {
  const context = await makeContext(o);
  const result = await run(() => (fileRoute.loader as Fn)({ request: makeRequest(`/open-data/${file}`), context, params: { file } }) as Promise<Response>);
  return result as Response;
}

/** A small RFC 4180 reader for the tests: rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe("open-data files", () => {
  let published: Awaited<ReturnType<typeof createProject>>;
  let visible: { id: number };
  let tricky: { id: number };
  let hidden: { id: number };
  let inDraft: { id: number };

  beforeAll(async () => {
    published = await createProject(org.id, official.id, { title: "Place, \"verte\"", center: [2.35, 48.85] });
    const draft = await createProject(org.id, official.id, { status: "draft", title: "Projet secret" });
    visible = await createProposal(published, alice.id, { title: "Des arbres", body: "Plus d'ombre\nen été", lngLat: [2.351, 48.851] });
    tricky = await createProposal(published, bob.id, { title: "=HYPERLINK(\"http://evil\")", body: "Texte, avec \"guillemets\"" });
    hidden = await createProposal(published, alice.id, { title: "Proposition masquée", hidden: true });
    inDraft = await createProposal(draft, bob.id, { title: "Dans un brouillon" });
    await createComment(published, bob.id, { type: "proposal", id: visible.id });
    await createComment(published, alice.id, { type: "project", id: published.id });
    await sql`update proposals set supports_count = 4, comments_count = 1 where id = ${visible.id}`;
  });

  it("writes the projects CSV: BOM, header, RFC 4180 quoting, drafts left out, counts and phase", async () => {
    const res = await download(org, "projects.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="projects.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.startsWith(FIELDS.projects.join(",") + "\r\n")).toBe(true);
    expect(text).toContain('"Place, ""verte"""');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...FIELDS.projects]);
    expect(rows).toHaveLength(2);
    const record = Object.fromEntries(FIELDS.projects.map((k, i) => [k, rows[1]![i]]));
    expect(record).toMatchObject({
      id: String(published.id),
      slug: published.slug,
      title: 'Place, "verte"',
      kind: "urban",
      status: "published",
      current_phase: "co_construction",
      center_lng: "2.35",
      center_lat: "48.85",
      proposals_count: "2",
      comments_count: "2",
    });
    expect(record.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(text).not.toContain("Projet secret");
  });

  it("writes the proposals JSON: visible proposals of published projects, pseudonymous authors, no names or e-mails", async () => {
    const res = await download(org, "proposals.json");
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const text = await res.text();
    const rows = JSON.parse(text) as Record<string, unknown>[];
    expect(rows.map((r) => r.id)).toEqual([visible.id, tricky.id]);
    expect(Object.keys(rows[0]!)).toEqual([...FIELDS.proposals]);
    expect(rows[0]).toMatchObject({
      project_id: published.id,
      title: "Des arbres",
      body_text: "Plus d'ombre\nen été",
      status: "submitted",
      lng: 2.351,
      lat: 48.851,
      supports_count: 4,
      comments_count: 1,
    });
    // The JSON keeps the exact text (the CSV defuses formulas).
    expect(rows[1]!.title).toBe('=HYPERLINK("http://evil")');
    expect(rows[1]!.lng).toBeNull();
    for (const secret of ["Alice", "Bob", "alice.secrete", "bob.discret", "@", "Proposition masquée", "Dans un brouillon"]) {
      expect(text).not.toContain(secret);
    }
    expect(rows[0]!.author_pseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.author_pseudonym).not.toBe(rows[1]!.author_pseudonym);
    expect(text).not.toContain(`"author_id"`);
    expect(rows.some((r) => r.id === hidden.id || r.id === inDraft.id)).toBe(false);
  });

  it("gives each author the same pseudonym in every export, deleted accounts included, and a different one elsewhere", async () => {
    const extra = await createProposal(await createProject(org.id, official.id), alice.id, { title: "Encore une idée" });
    const pseudonyms = async (o: Org) =>
      new Map((JSON.parse(await (await download(o, "proposals.json")).text()) as { id: number; author_pseudonym: string }[]).map((r) => [r.id, r.author_pseudonym]));
    const first = await pseudonyms(org);
    expect(first.get(extra.id)).toBe(first.get(visible.id));
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${alice.id}`;
    const second = await pseudonyms(org);
    expect(second.get(visible.id)).toBe(first.get(visible.id));

    // Same user id under another organization's salt: another pseudonym.
    const [{ salt: saltA }] = (await sql`select open_data_salt as salt from organizations where id = ${org.id}`) as unknown as [{ salt: string }];
    await sql`update organizations set open_data_salt = ${saltA + "-other"} where id = ${other.id}`;
    const neighbour = await createTestUser(other.id);
    const theirProject = await createProject(other.id, neighbour.id);
    await createProposal(theirProject, neighbour.id, { title: "Ailleurs" });
    const foreign = (JSON.parse(await (await download(other, "proposals.json")).text()) as { title: string; author_pseudonym: string }[]);
    expect(foreign.map((r) => r.title)).toEqual(["Ailleurs"]);
    const { createHmac } = await import("node:crypto");
    const sameIdHere = createHmac("sha256", saltA).update(String(neighbour.id)).digest("hex");
    expect(foreign[0]!.author_pseudonym).not.toBe(sameIdHere);
    const [{ salt: saltB }] = (await sql`select open_data_salt as salt from organizations where id = ${other.id}`) as unknown as [{ salt: string }];
    expect(foreign[0]!.author_pseudonym).toBe(createHmac("sha256", saltB).update(String(neighbour.id)).digest("hex"));
    // Fresh organizations get their own salt.
    const [a, b] = await Promise.all([createTestOrganization(), createTestOrganization()]);
    const salts = await sql`select open_data_salt from organizations where id in ${sql([a.id, b.id])}`;
    expect(salts[0]!.open_data_salt).not.toBe(salts[1]!.open_data_salt);
  });

  it("defuses spreadsheet formulas in the CSV, and quotes what needs it", async () => {
    expect(csvField("=1+1", { freeText: true })).toBe("'=1+1");
    expect(csvField("-2", { freeText: true })).toBe("'-2");
    expect(csvField(-2)).toBe("-2");
    expect(csvField('a "b", c\nd')).toBe('"a ""b"", c\nd"');
    expect(csvField(null)).toBe("");
    const text = (await (await download(org, "proposals.csv")).text()).replace(/^\uFEFF/, "");
    const rows = parseCsv(text);
    const titles = rows.slice(1).map((r) => r[2]);
    expect(titles).toContain(`'=HYPERLINK("http://evil")`);
    expect(rows.slice(1).find((r) => r[0] === String(tricky.id))![3]).toBe('Texte, avec "guillemets"');
  });

  it("answers 404 for any other file name", async () => {
    for (const file of ["users.csv", "projects.xml", "proposals.csv.exe", ""]) {
      const result = await download(org, file);
      expect((result as unknown as { init: { status: number } }).init.status).toBe(404);
    }
  });

  it("documents the files and the licence on /open-data, with live counts", async () => {
    const context = await makeContext(org);
    const data = (await (page.loader as Fn)({ request: makeRequest("/open-data"), context, params: {} })) as {
      title: string;
      counts: { projects: number; proposals: number };
    };
    expect(data.title).toBe("Données ouvertes");
    expect(data.counts.projects).toBeGreaterThanOrEqual(1);
    expect(data.counts.proposals).toBeGreaterThanOrEqual(2);
  });
});

describe("streaming", () => {
  it("reads 5,000 proposals from a cursor, one batch per chunk, only as fast as the reader asks", async () => {
    const o = await createTestOrganization();
    const author = await createTestUser(o.id);
    const project = await createProject(o.id, author.id);
    await sql`
      insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text)
      select ${o.id}, ${project.id}, ${author.id}, 'Proposition ' || n, '{}'::jsonb, '<p>x</p>', repeat('texte ', 40)
      from generate_series(1, 5000) n`;

    const res = await download(o, "proposals.csv");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const chunks: number[] = [];
    let total = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const lines = decoder.decode(value).split("\r\n").length - 1;
      chunks.push(lines);
      total += lines;
    }
    // The header, then 10 batches of 500 rows: never the whole file in one piece.
    expect(total).toBe(5001);
    expect(chunks.length).toBeGreaterThanOrEqual(5000 / CURSOR_ROWS);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(CURSOR_ROWS);

    // Lazy: a reader that stops after two chunks leaves the rest unread, and the cursor is released.
    const partial = await download(o, "proposals.json");
    const r2 = partial.body!.getReader();
    await r2.read();
    await r2.read();
    await r2.cancel();
    const [{ n }] = (await sql`select count(*)::int as n from proposals where organization_id = ${o.id}`) as unknown as [{ n: number }];
    expect(n).toBe(5000);
  });

  it("keeps memory flat: five times more rows, not more memory", async () => {
    // Garbage is collected after each chunk, so that what is measured is what the export keeps.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;

    async function exportOf(rows: number) {
      const o = await createTestOrganization();
      const author = await createTestUser(o.id);
      const project = await createProject(o.id, author.id);
      await sql`
        insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text)
        select ${o.id}, ${project.id}, ${author.id}, 'Proposition ' || n, '{}'::jsonb, '<p>x</p>', repeat('texte long ', 200)
        from generate_series(1, ${rows}) n`;
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let bytes = 0;
      const reader = (await download(o, "proposals.csv")).body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      return { growth: peak - before, bytes };
    }

    const small = await exportOf(1000);
    const large = await exportOf(5000);
    expect(large.bytes).toBeGreaterThan(10_000_000);
    expect(large.bytes).toBeGreaterThan(4.5 * small.bytes);
    // Holding the 5,000 rows (or the file) would keep over 10 MB; a batch at a time keeps the same
    // few megabytes whatever the number of rows.
    expect(large.growth).toBeLessThan(small.growth * 1.5 + 1_000_000);
    expect(large.growth).toBeLessThan(large.bytes / 2);
  });
});

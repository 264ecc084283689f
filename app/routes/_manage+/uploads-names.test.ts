// Document names as senders' computers give them (HTML, quotes, `=` and `;`, paths, accents):
// stored, listed under a safe display name, served with a Content-Disposition that parses back to
// that name; every stored file is served sandboxed, and that CSP survives helmet's on the way out.
import fs from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEditableProject } from "~/modules/projects/queries.server";
import { createTestProject } from "~/modules/projects/testing.server";
import { isWellFormedText } from "~/modules/richtext/rules";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { safeFileName, storeImage, storePdf } from "~/modules/uploads/uploads.server";
import { sendRemixResponse } from "~/server/remix-handler.server";
import { organizationSecurityHeaders } from "~/server/security.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import * as editRoute from "./manage.projects.$id._index";
import * as serve from "../_public+/uploads.$";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let dir: string;
let org: Org;
let official: User;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-upload-names-"));
  setStorageForTests(new LocalStorage(dir));
  org = await createTestOrganization();
  official = await createTestUser(org.id, { role: "official" });
});
afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

/** A one-page PDF whose bytes differ per `title` (files are stored under their content hash). */
async function pdf(title: string) {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.addPage();
  return new Uint8Array(await doc.save());
}

/** Reads `attachment; filename="…"; filename*=UTF-8''…` back, as RFC 6266 clients do. */
function parseContentDisposition(header: string) {
  const match = /^(inline|attachment); filename="((?:[^"\\]|\\.)*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(header);
  if (!match) throw new Error(`not a valid Content-Disposition: ${header}`);
  return { type: match[1], fallback: match[2]!.replace(/\\(.)/g, "$1"), name: decodeURIComponent(match[3]!) };
}

/** Posts the project's edit form with one document, as the browser does (multipart). */
async function attach(projectId: number, fileName: string, title: string) {
  const body = new FormData();
  const fields: Record<string, string> = {
    intent: "save",
    title: "Place du Marché",
    slug: "",
    summary: "Résumé.",
    body: JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Texte." }] }] }),
    bodyFormat: "json",
    kind: "urban",
    documentTitle: title,
    "phases.information.startsOn": "2026-01-05",
    "phases.information.endsOn": "2026-01-31",
  };
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append("document", new File([await pdf(fileName)], fileName, { type: "application/pdf" }));
  const context = await makeContext(org, { token: (await createTestSession(official)).token });
  const request = new Request(`http://localhost/manage/projects/${projectId}`, { method: "POST", body });
  return run(() => editRoute.action({ request, context, params: { id: String(projectId) } }));
}

async function get(key: string) {
  return serve.loader({ request: makeRequest(`/uploads/${key}`), context: await makeContext(org), params: { "*": key } });
}

const NAMES: [sent: string, shown: string][] = [
  ["a=b;c.pdf", "a=b;c.pdf"],
  ["<img src=x onerror=alert(1)>.pdf", "<img src=x onerror=alert(1)>.pdf"],
  ["../../etc/passwd.pdf", "passwd.pdf"],
  ['rapport "final".pdf', 'rapport "final".pdf'],
  ["été 2026 — plan.pdf", "été 2026 — plan.pdf"],
];

describe("document names", () => {
  it.each(NAMES)("stores %j, lists it as %j and serves it under that name", async (sent, shown) => {
    const project = await createTestProject(org.id, official.id, { title: `Projet ${sent}` });
    const result = await attach(project.id, sent, `Document ${sent}`);
    expect(result instanceof Response ? result.status : result).toBe(302);

    const editable = await loadEditableProject(sql, org.id, project.id);
    expect(editable!.documents).toHaveLength(1);
    const document = editable!.documents[0]!;
    expect(document.name).toBe(shown);

    const response = await get(document.url.slice("/uploads/".length));
    expect(response.status).toBe(200);
    const disposition = parseContentDisposition(response.headers.get("Content-Disposition")!);
    expect(disposition.type).toBe("attachment");
    expect(disposition.name).toBe(shown);
    // The fallback for old clients: printable ASCII, nothing that ends the quoted string.
    expect(disposition.fallback).toMatch(/^[\x20-\x7e]+\.pdf$/);
    expect(disposition.fallback).not.toMatch(/["\\%]/);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("answers a body that is not a readable multipart form with 400, not 500", async () => {
    const project = await createTestProject(org.id, official.id);
    const context = await makeContext(org, { token: (await createTestSession(official)).token });
    const request = new Request(`http://localhost/manage/projects/${project.id}`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nsans fin',
    });
    const result = (await run(() => editRoute.action({ request, context, params: { id: String(project.id) } }))) as {
      data: { kind: string; message: string };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data).toEqual({ kind: "status", message: "Cette valeur n'est pas valide." });
  });

  it("makes any name safe to show and to save", () => {
    expect(safeFileName("C:\\Users\\élu\\Mes documents\\plan.PDF", "pdf")).toBe("plan.pdf");
    expect(safeFileName("rapport\u202Efdp.exe", "pdf")).toBe("rapport fdp.exe.pdf");
    expect(safeFileName("a\u0000b\r\nc\u0007.pdf", "pdf")).toBe("a b c.pdf");
    expect(safeFileName("page.html", "pdf")).toBe("page.html.pdf");
    expect(safeFileName("...", "pdf")).toBe("document.pdf");
    expect(safeFileName("   ", "pdf")).toBe("document.pdf");
    expect(safeFileName(".htaccess", "pdf")).toBe("htaccess.pdf");
    expect(safeFileName("x\ud800y.pdf", "pdf")).toBe("xy.pdf");
    const long = safeFileName(`${"é".repeat(200)}😀.pdf`, "pdf");
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith("é.pdf")).toBe(true);
    expect(isWellFormedText(long)).toBe(true);
    expect(safeFileName("Déjà vu — 東京 (v2).pdf", "pdf")).toBe("Déjà vu — 東京 (v2).pdf");
  });

  it("encodes the header for names stored before these rules, without failing", () => {
    for (const stored of ["a\r\nSet-Cookie: x=1.pdf", "a\"b\\c.pdf", "100%.pdf", "\u0000", "plan*(1)'.pdf"]) {
      const header = serve.contentDisposition(stored);
      expect(header).not.toMatch(/[\r\n]/);
      const parsed = parseContentDisposition(header);
      expect(parsed.name).toBe(safeFileName(stored, "pdf"));
    }
  });
});

describe("serving stored files inert", () => {
  const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();

  it("sends images and PDFs with a sandboxing CSP and nosniff; PDFs as downloads", async () => {
    const image = await storeImage(sql, { organizationId: org.id, uploaderId: official.id, data: await png(), originalName: "p.png" });
    const stored = await storePdf(sql, { organizationId: org.id, uploaderId: official.id, data: Buffer.from(await pdf("inert")), originalName: "x.pdf" });
    for (const url of [image.url, stored.url]) {
      const response = await get(url.slice("/uploads/".length));
      expect(response.status).toBe(200);
      const csp = response.headers.get("Content-Security-Policy")!;
      expect(csp.split(";").map((d) => d.trim())).toEqual(expect.arrayContaining(["default-src 'none'", "sandbox"]));
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
    const pdfResponse = await get(stored.url.slice("/uploads/".length));
    expect(pdfResponse.headers.get("Content-Disposition")).toMatch(/^attachment; /);
  });

  it("keeps its sandbox through helmet: Express sends both policies, and a browser enforces both", async () => {
    const stored = await storePdf(sql, { organizationId: org.id, uploaderId: official.id, data: Buffer.from(await pdf("helmet")), originalName: "h.pdf" });
    const key = stored.url.slice("/uploads/".length);
    const app = express();
    app.use(organizationSecurityHeaders);
    app.get("/uploads/*", async (_req, res, next) => {
      try {
        await sendRemixResponse(res, await get(key));
      } catch (error) {
        next(error);
      }
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/uploads/${key}`);
      expect(response.status).toBe(200);
      // fetch joins repeated headers with ", ": one policy per comma-separated part (CSP3 §3.1).
      const policies = response.headers.get("content-security-policy")!.split(/,\s*/).map((p) => p.split(";").map((d) => d.trim()));
      expect(policies.length).toBeGreaterThanOrEqual(1);
      // Ours is among the enforced policies (helmet's, if present, only adds restrictions).
      expect(policies.some((p) => p.includes("sandbox") && p.includes("default-src 'none'"))).toBe(true);
      expect(response.headers.get("x-content-type-options")).toMatch(/^nosniff/);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; /);
      await response.arrayBuffer();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

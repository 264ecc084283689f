// Shared fixtures of the e2e suite. Every spec imports `test` and `expect` from here:
// - browser console errors, uncaught page errors, failed requests and any request that leaves
//   localhost fail the test (`browserIssues.allow(/.../)` for the ones a test expects);
// - `db`: postgres.js on the e2e embedded PostgreSQL; `createUser` / `loginAs` make accounts and
//   sessions directly in the database (unique e-mails: tests are independent and may run in parallel);
// - `a11y(page)`: axe-core, WCAG 2.0/2.1 A and AA, zero violations allowed;
// - `tabTo(page, locator)`: Tab until the locator has focus (keyboard-only tests);
// - `mailbox.waitFor(to)`: the mail the app sent, as captured by e2e/support/mail-sink.ts.
/* eslint-disable react-hooks/rules-of-hooks, no-empty-pattern -- Playwright fixtures: this `use` is not React's, and `{}` is how a fixture says it needs no other. */
import fs from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import postgres from "postgres";
import { hashPassword } from "../app/modules/auth/password.server";
import { createSession, sessionCookieName } from "../app/modules/auth/session.server";
import type { Role } from "../app/modules/permissions/permissions";
import type { Db } from "../app/utils/db.server";
import { BASE_URL, MAIL_DIR, PG_URL } from "./support/env";

export { expect };

/** On http://localhost the app sends Secure cookies (SECURE_COOKIES=auto), hence the __Host- name. */
export const SESSION_COOKIE = sessionCookieName(true);
export const DEFAULT_PASSWORD = "e2e correct horse battery";

export type TestUser = {
  id: number;
  organizationId: number;
  email: string;
  password: string;
  name: string;
  role: Role;
  systemAdmin: boolean;
};

export type MailMessage = { to: string[]; from: string | null; subject: string; text: string; html: string; receivedAt: string };
export type ReceivedMail = MailMessage & { file: string; firstLink: () => string };

let counter = 0;
/** A unique, valid, lower-case e-mail address. */
export function uniqueEmail(prefix = "e2e") {
  return `${prefix}-${Date.now().toString(36)}-${process.pid.toString(36)}-${(counter++).toString(36)}@example.org`;
}

/** Resolves once React has hydrated the page (the router exists and the footer belongs to React). */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const w = window as unknown as { __remixRouter?: { state: { initialized: boolean } } };
    const last = document.querySelector("body > footer");
    return Boolean(w.__remixRouter?.state.initialized && last && Object.keys(last).some((k) => k.startsWith("__reactFiber$")));
  });
}

function firstLocalLink(text: string): string {
  const escaped = BASE_URL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}/[^\\s"'<>)]*`).exec(text);
  if (!match) throw new Error(`no ${BASE_URL}/… link in the mail:\n${text}`);
  return match[0];
}

type BrowserIssues = {
  /** Problems matching this pattern do not fail the test (e.g. an expected 400 response). */
  allow: (pattern: RegExp) => void;
  /** Watch a context the test made itself with browser.newContext(). */
  watch: (context: BrowserContext) => void;
  /** Stop recording (what a context does while it closes is not the page's fault). */
  stop: () => void;
  list: () => string[];
};

type Fixtures = {
  browserIssues: BrowserIssues;
  createUser: (input?: {
    role?: Role;
    confirmed?: boolean;
    password?: string;
    name?: string;
    systemAdmin?: boolean;
    locale?: "fr" | "en" | null;
    email?: string;
  }) => Promise<TestUser>;
  loginAs: (page: Page, user: Pick<TestUser, "id" | "organizationId">) => Promise<string>;
  a11y: (page: Page, label?: string) => Promise<void>;
  tabTo: (page: Page, target: Locator, max?: number) => Promise<void>;
  mailbox: {
    /** The newest mail to `to` (about `subjectIncludes`; received after the mail file `after`). */
    waitFor: (to: string, options?: { subjectIncludes?: string; timeout?: number; after?: string }) => Promise<ReceivedMail>;
  };
};

type WorkerFixtures = {
  db: postgres.Sql;
  demoOrgId: number;
};

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Argon2 takes a while: one hash per password per worker. */
const hashes = new Map<string, Promise<string>>();

export const test = base.extend<Fixtures, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const sql = postgres(PG_URL, { max: 3, onnotice: () => {}, connection: { application_name: "maquette-e2e" } });
      await use(sql);
      await sql.end({ timeout: 5 });
    },
    { scope: "worker" },
  ],

  demoOrgId: [
    async ({ db }, use) => {
      const [row] = await db`select id from organizations where host = 'localhost'`;
      if (!row) throw new Error("the demo organization (host localhost) is missing: was the e2e database seeded?");
      await use(Number(row.id));
    },
    { scope: "worker" },
  ],

  browserIssues: async ({}, use) => {
    const problems: string[] = [];
    const allowed: RegExp[] = [];
    const watched = new WeakSet<BrowserContext>();
    let recording = true;
    const record = (problem: string) => {
      if (recording) problems.push(problem);
    };
    const issues: BrowserIssues = {
      allow: (pattern) => void allowed.push(pattern),
      stop: () => {
        recording = false;
      },
      list: () => problems.filter((p) => !allowed.some((re) => re.test(p))),
      watch(context) {
        if (watched.has(context)) return;
        watched.add(context);
        context.on("console", (msg) => {
          if (msg.type() === "error") record(`console error on ${msg.page()?.url() ?? "?"}: ${msg.text()}`);
        });
        context.on("weberror", (error) => record(`uncaught error on ${error.page()?.url() ?? "?"}: ${error.error().message}`));
        context.on("requestfailed", (request) => {
          const reason = request.failure()?.errorText ?? "?";
          // ERR_ABORTED: the page cancelled it itself (a navigation ends Remix's route discovery fetch).
          if (reason === "net::ERR_ABORTED") return;
          record(`request failed: ${request.method()} ${request.url()} (${reason})`);
        });
        context.on("request", (request) => {
          const url = new URL(request.url());
          if (!/^(https?|wss?):$/.test(url.protocol)) return;
          if (url.hostname !== "localhost" && url.hostname !== "127.0.0.1") record(`request left localhost: ${request.url()}`);
        });
      },
    };
    await use(issues);
    expect(issues.list(), "browser console errors, page errors, failed or outside requests").toEqual([]);
  },

  context: async ({ context, browserIssues }, use) => {
    browserIssues.watch(context);
    await use(context);
    browserIssues.stop();
  },

  createUser: async ({ db, demoOrgId }, use) => {
    await use(async (input = {}) => {
      const password = input.password ?? DEFAULT_PASSWORD;
      if (!hashes.has(password)) hashes.set(password, hashPassword(password));
      const email = input.email ?? uniqueEmail(input.role ?? "citizen");
      const name = input.name ?? `E2E ${input.role ?? "citizen"}`;
      const role = input.role ?? "citizen";
      const [row] = await db`
        insert into users (organization_id, email, name, password_hash, role, email_confirmed_at, is_system_admin, locale, terms_accepted_at)
        values (${demoOrgId}, ${email}, ${name}, ${await hashes.get(password)!}, ${role},
                ${input.confirmed === false ? null : new Date()}, ${input.systemAdmin ?? false}, ${input.locale ?? null}, now())
        returning id`;
      return { id: Number(row!.id), organizationId: demoOrgId, email, password, name, role, systemAdmin: input.systemAdmin ?? false };
    });
  },

  loginAs: async ({ db }, use) => {
    await use(async (page, user) => {
      const { token } = await createSession(db as unknown as Db, { userId: user.id, organizationId: user.organizationId, userAgent: "e2e fixture" });
      // By domain, not url: Playwright drops Secure for an http:// url, and __Host- requires it.
      await page.context().addCookies([
        { name: SESSION_COOKIE, value: token, domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" },
      ]);
      return token;
    });
  },

  a11y: async ({}, use) => {
    await use(async (page, label) => {
      // Legacy mode: axe.run() in the page itself. The default opens a blank page per call to merge
      // frame results, which doubles the time; Maquette pages have no frames to merge.
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
      const report = results.violations
        .map((v) => {
          const nodes = v.nodes
            .slice(0, 5)
            .map((n) => `    - ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
            .join("\n");
          return `  [${v.impact ?? "?"}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}\n    ${v.helpUrl}`;
        })
        .join("\n");
      expect(results.violations.length, `axe found violations on ${label ?? page.url()}:\n${report}`).toBe(0);
    });
  },

  tabTo: async ({}, use) => {
    await use(async (page, target, max = 60) => {
      await target.waitFor({ state: "visible" });
      const handle = await target.elementHandle();
      for (let i = 0; i <= max; i++) {
        if (await page.evaluate((el) => el === document.activeElement, handle)) return;
        if (i < max) await page.keyboard.press("Tab");
      }
      const active = await page.evaluate(() => {
        const el = document.activeElement;
        return el ? `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"` : "nothing";
      });
      throw new Error(`${target} never got the focus after ${max} presses of Tab (focus is on ${active})`);
    });
  },

  mailbox: async ({}, use) => {
    await use({
      async waitFor(to, options = {}) {
        const timeout = options.timeout ?? 15_000;
        const deadline = Date.now() + timeout;
        const wanted = to.toLowerCase();
        for (;;) {
          const files = (await fs.readdir(MAIL_DIR).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort().reverse();
          for (const file of files) {
            if (options.after && file <= options.after) break;
            const message = JSON.parse(await fs.readFile(path.join(MAIL_DIR, file), "utf8")) as MailMessage;
            if (!message.to.includes(wanted)) continue;
            if (options.subjectIncludes && !message.subject.includes(options.subjectIncludes)) continue;
            return { ...message, file, firstLink: () => firstLocalLink(`${message.text}\n${message.html}`) };
          }
          if (Date.now() > deadline) {
            throw new Error(`no mail to ${to}${options.subjectIncludes ? ` about "${options.subjectIncludes}"` : ""} within ${timeout} ms`);
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      },
    });
  },
});

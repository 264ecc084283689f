// Renders the account pages on the server with their real loader data (Remix's hooks stubbed),
// and checks what the RGAA asks of them: one h1, a label for every field, autocomplete hints,
// a captioned table with header scopes. console.error (React warnings included) fails a test.
import type * as RemixReact from "@remix-run/react";
import { createElement, type ComponentType, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Locale } from "~/i18n/config";
import { renderingI18n } from "~/i18n/i18n.server";
import { issueToken } from "~/modules/auth/tokens.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { dataOf, makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { AccountDeletedNotice } from "./deleted-notice";

const remix = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown, search: "" }));

vi.mock("@remix-run/react", async (importOriginal) => {
  const original = await importOriginal<typeof RemixReact>();
  return {
    ...original,
    useLoaderData: () => remix.loaderData,
    useActionData: () => remix.actionData,
    useNavigation: () => ({ state: "idle" }),
    useSearchParams: () => [new URLSearchParams(remix.search), () => {}],
    Form: ({ children, ...props }: { children?: ReactNode }) => createElement("form", props, children),
    Link: ({ to, children, ...props }: { to: string; children?: ReactNode }) => createElement("a", { href: to, ...props }, children),
  };
});

const signup = await import("~/routes/_account+/signup");
const confirm = await import("~/routes/_account+/confirm-email");
const forgot = await import("~/routes/_account+/forgot-password");
const reset = await import("~/routes/_account+/reset-password");
const account = await import("~/routes/_account+/account");

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Rendu-les-Bains" });
});

function render(Page: ComponentType, loaderData: unknown, options: { actionData?: unknown; locale?: Locale; search?: string } = {}) {
  remix.loaderData = loaderData;
  remix.actionData = options.actionData;
  remix.search = options.search ?? "";
  return renderToString(createElement(I18nextProvider, { i18n: renderingI18n(options.locale ?? "fr") }, createElement(Page)));
}

function expectAccessible(html: string) {
  expect(html.match(/<h1[ >]/g) ?? []).toHaveLength(1);
  const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
  levels.forEach((level, i) => i > 0 && expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1));
  for (const [input] of html.matchAll(/<input [^>]*>/g)) {
    if (/type="hidden"/.test(input)) continue;
    const id = /id="([^"]+)"/.exec(input)?.[1];
    expect(id, input).toBeTruthy();
    expect(html, `label for ${id}`).toContain(`for="${id}"`);
    if (/type="(?:email|password|text)"/.test(input)) expect(input, "autocomplete").toMatch(/autoComplete="(?:name|email|new-password|current-password)"/);
  }
  for (const [button] of html.matchAll(/<button[^>]*>(.*?)<\/button>/gs)) expect(button.replace(/<[^>]+>/g, "").trim()).not.toBe("");
  expect(html).not.toMatch(/\b(?:auth|account|mail|common):[a-z]+\.[a-zA-Z.]+/); // no untranslated key
}

async function loaderData(loader: (args: never) => unknown, path: string, token?: string) {
  const context = await makeContext(org, { token });
  return dataOf(await run(() => loader({ request: makeRequest(path), context, params: {} } as never)));
}

describe("account pages render accessibly", () => {
  it("sign-up form, with errors, in both languages", async () => {
    const data = await loaderData(signup.loader, "/signup");
    for (const locale of ["fr", "en"] as const) {
      const html = render(signup.default, data, { locale });
      expectAccessible(html);
      expect(html).toContain('href="/conditions"');
      expect(html).toContain('autoComplete="new-password"');
    }
    const context = await makeContext(org);
    const failed = dataOf(await run(() => signup.action({ request: makeRequest("/signup", { form: { email: "x" } }), context, params: {} })));
    const html = render(signup.default, data, { actionData: failed });
    expectAccessible(html);
    expect(html).toContain("Saisissez une adresse e-mail valide");
    expect(html).toContain("Vous devez accepter les conditions d&#x27;utilisation.");
    expect(render(signup.default, await loaderData(signup.loader, "/signup?sent=1"))).toContain("Vérifiez votre messagerie");
  });

  it("confirmation pages, for a visitor and for an unconfirmed account", async () => {
    const user = await createTestUser(org.id, { confirmed: false });
    const { token } = await createTestSession(user);
    for (const path of ["/confirm-email", "/confirm-email?token=nope", "/confirm-email?status=confirmed", "/confirm-email?status=sent"]) {
      for (const session of [undefined, token]) {
        const html = render(confirm.default, await loaderData(confirm.loader, path, session));
        expectAccessible(html);
        if (path.includes("nope")) {
          expect(html).toContain(session ? 'action="/confirm-email/resend"' : 'href="/login?redirectTo=%2Faccount"');
        }
      }
    }
  });

  it("forgot and reset password pages", async () => {
    expectAccessible(render(forgot.default, await loaderData(forgot.loader, "/forgot-password")));
    const sent = render(forgot.default, await loaderData(forgot.loader, "/forgot-password"), {
      actionData: { result: { status: "success" }, sentTo: "a@example.org" },
    });
    expect(sent).toContain('role="status"');
    expect(sent).toContain("a@example.org");

    const user = await createTestUser(org.id);
    const link = await issueToken(sql, { organizationId: org.id, userId: user.id, purpose: "reset_password", email: user.email });
    const form = render(reset.default, await loaderData(reset.loader, `/reset-password?token=${link}`));
    expectAccessible(form);
    expect(form).toContain(`value="${link}"`);
    const dead = render(reset.default, await loaderData(reset.loader, "/reset-password?token=bad"));
    expectAccessible(dead);
    expect(dead).toContain('href="/forgot-password"');
  });

  it("account page: every form, the sessions table, the notices", async () => {
    const user = await createTestUser(org.id, { name: "Charlie", confirmed: false });
    const { token } = await createTestSession(user);
    await createTestSession(user);
    const data = await loaderData(account.loader, "/account?done=passwordReset", token);
    for (const locale of ["fr", "en"] as const) {
      const html = render(account.default, data, { locale });
      expectAccessible(html);
      expect(html).toMatch(/<caption>/);
      expect(html.match(/<th scope="col">/g)).toHaveLength(4);
      expect(html.match(/<th scope="row">/g)).toHaveLength(2);
      for (const id of ["account-name", "account-email", "account-password", "account-delete"]) expect(html).toContain(`id="${id}"`);
      expect(html).toContain('action="/confirm-email/resend"');
    }
    const context = await makeContext(org, { token });
    const saved = dataOf(await run(() => account.action({ request: makeRequest("/account", { form: { intent: "name", name: "Charlie B." } }), context, params: {} })));
    expect(render(account.default, data, { actionData: saved })).toContain('<p class="notice">Votre nom a été enregistré.</p>');
  });

  it("home notice after a deletion", () => {
    remix.search = "accountDeleted=1";
    const html = renderToString(createElement(I18nextProvider, { i18n: renderingI18n("en") }, createElement(AccountDeletedNotice)));
    expect(html).toContain("Your account has been deleted.");
  });
});

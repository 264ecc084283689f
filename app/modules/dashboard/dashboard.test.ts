// The officials' dashboard (issue 10, item 2): proposals waiting for an answer, the oldest first with
// how long they waited, gone once answered; debates to close; phases within 14 days; participation
// per week with its chart and table; the CSV; the answer's notification names the new status.
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { getT, renderingI18n } from "~/i18n/i18n.server";
import { memberActor } from "~/modules/auth/member-actor";
import { answerProposal } from "~/modules/proposals/commands.server";
import * as dashboardPage from "~/routes/_manage+/manage._index";
import * as csvRoute from "~/routes/_manage+/manage.participation[.]csv";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, type RouteFn, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { createComment, createDebate, createProject, createProposal } from "~/modules/moderation/testing.server";
import { ParticipationChart, ParticipationTable } from "./ui/ParticipationChart";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;
type Page = Awaited<ReturnType<typeof dashboardPage.loader>>;

let org: Org;
let official: User;
let author: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Tableau" });
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  author = await createTestUser(org.id, { name: "Paul Proposeur" });
});

async function dashboard(user: User = official): Promise<Page> {
  return (await callRoute(dashboardPage.loader as RouteFn, { org, user, path: "/manage" })) as Page;
}

describe("the officials' dashboard", () => {
  it("lists the proposals waiting for an answer, oldest first, with their wait; an answered one is gone and its author is told the status", async () => {
    const project = await createProject(org.id, official.id, { title: "Square des Tilleuls" });
    const old = await createProposal(project, author.id, { title: "Des bancs à l'ombre" });
    const recent = await createProposal(project, author.id, { title: "Une fontaine à boire" });
    await sql`update proposals set created_at = now() - interval '12 days' where id = ${old.id}`;
    const hidden = await createProposal(project, author.id, { title: "Masquée", hidden: true });

    const page = await dashboard();
    const mine = page.projects.find((p) => p.id === project.id)!;
    expect(mine.waiting.map((w) => [w.title, w.daysWaiting])).toEqual([
      ["Des bancs à l'ombre", 12],
      ["Une fontaine à boire", 0],
    ]);
    expect(mine.waiting.some((w) => w.id === hidden.id)).toBe(false);
    expect(mine.waiting[0]!.path).toBe(`/projects/${project.slug}/proposals/${old.id}#proposal-answer`);
    expect(mine.waitingCount).toBe(2);

    expect(
      await answerProposal(sql, memberActor(org.id, official.id, { role: "official" }), {
        projectId: project.id,
        proposalId: old.id,
        status: "accepted",
        answer: "Nous installerons six bancs.",
        path: `/projects/${project.slug}/proposals/${old.id}`,
        origin: org.origin,
      }),
    ).toMatchObject({ ok: true });
    const after = (await dashboard()).projects.find((p) => p.id === project.id)!;
    expect(after.waiting.map((w) => w.id)).toEqual([recent.id]);

    // The bell's sentence and the mail name the new status.
    const [note] = await sql`select data from notifications where user_id = ${author.id} and kind = 'proposal_answered'`;
    const t = getT("fr") as unknown as (key: string, values: Record<string, string>) => string;
    expect(t("notifications:kinds.proposal_answered", note!.data as Record<string, string>)).toBe(
      "La collectivité a répondu à votre proposition « Des bancs à l'ombre » : Acceptée.",
    );
    const [mail] = await sql`select text_body from mail_outbox where to_address = ${author.email} and subject like ${"Réponse%"}`;
    expect(mail!.text_body).toContain("Acceptée");
  });

  it("lists the debates still open, the phases starting or ending within 14 days, and the participation per week", async () => {
    const project = await createProject(org.id, official.id, { title: "Parc du Moulin" });
    const debate = await createDebate(project, official.id, "Faut-il éclairer le parc la nuit ?");
    const closed = await createDebate(project, official.id, "Un débat clos");
    await sql`update debates set closed_at = now(), conclusion = 'Oui.', closed_by = ${official.id} where id = ${closed.id}`;
    await sql`update project_phases set ends_on = current_date + 5 where project_id = ${project.id} and kind = 'co_construction'`;
    await sql`
      insert into project_phases (organization_id, project_id, kind, starts_on) values (${org.id}, ${project.id}, 'vote', current_date + 6)`;
    await sql`
      insert into project_phases (organization_id, project_id, kind, starts_on) values (${org.id}, ${project.id}, 'results', current_date + 40)`;
    const proposal = await createProposal(project, author.id);
    const neighbour = await createTestUser(org.id);
    await sql`insert into supports (organization_id, proposal_id, user_id) values (${org.id}, ${proposal.id}, ${neighbour.id})`;
    await createComment(project, neighbour.id, { type: "debate", id: debate.id });
    await createComment(project, author.id, { type: "debate", id: debate.id });

    const mine = (await dashboard()).projects.find((p) => p.id === project.id)!;
    expect(mine.debates.map((d) => d.title)).toEqual(["Faut-il éclairer le parc la nuit ?"]);
    expect(mine.phases.map((p) => [p.kind, p.event])).toEqual([
      ["co_construction", "ends"],
      ["vote", "starts"],
    ]);
    expect(mine.weeks).toHaveLength(8);
    const thisWeek = mine.weeks.at(-1)!;
    expect(thisWeek).toMatchObject({ participants: 2, proposals: 1, supports: 1, comments: 2 });
    expect(mine.weeks.slice(0, -1).every((w) => w.participants === 0)).toBe(true);

    // The chart is an image with its name and description, and every figure is in the table.
    const i18n = renderingI18n("fr");
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n }, [
        createElement(ParticipationChart, { key: "c", id: "c", title: "Parc du Moulin", weeks: mine.weeks }),
        createElement(ParticipationTable, { key: "t", title: "Parc du Moulin", weeks: mine.weeks }),
      ]),
    );
    expect(html).toContain('role="img"');
    expect(html).toContain("<title");
    expect(html).toContain("Participation par semaine, projet « Parc du Moulin »");
    expect(html.match(/<tr>/g)).toHaveLength(9);
    expect(html).toContain(`<time dateTime="${thisWeek.week}">${thisWeek.label}</time></th><td>2</td><td>1</td><td>1</td><td>2</td>`);
  });

  it("is for those who manage projects, and the CSV gives the participation of the year", async () => {
    expect(statusOf(await callRoute(dashboardPage.loader as RouteFn, { org, user: author, path: "/manage" }))).toBe(403);
    expect(statusOf(await callRoute(csvRoute.loader as RouteFn, { org, user: author, path: "/manage/participation.csv" }))).toBe(403);
    const response = (await callRoute(csvRoute.loader as RouteFn, { org, user: official, path: "/manage/participation.csv" })) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("project_id,project_slug,project_title,week_start,participants,proposals,supports,comments");
    expect(lines.filter((l) => l.includes("Parc du Moulin"))).toHaveLength(52);
    expect(lines.some((l) => /Parc du Moulin,\d{4}-\d{2}-\d{2},2,1,1,2$/.test(l))).toBe(true);
  });
});

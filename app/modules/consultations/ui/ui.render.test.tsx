// The consultation components rendered on the server, as a browser without JavaScript gets them:
// each chart's table holds the numbers its drawing shows, the drawing is hidden from assistive
// technologies, the ballot's fields carry the names the server reads, every question and every
// graded option is a fieldset with its legend, and the countdown says how long remains.
import type * as RemixReact from "@remix-run/react";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import type { Locale } from "~/i18n/config";
import { renderingI18n } from "~/i18n/i18n.server";
import { readBallotForm } from "../schema";
import { BallotFields } from "./BallotFields";
import { TallyChart } from "./TallyChart";
import { remainingUntil, TimeRemaining } from "./TimeRemaining";
import type { QuestionView, TallyView } from "./types";

vi.mock("@remix-run/react", async (importOriginal) => {
  const original = await importOriginal<typeof RemixReact>();
  return {
    ...original,
    Link: ({ to, children, ...props }: { to: string; children?: ReactNode }) => createElement("a", { href: to, ...props }, children),
  };
});

function render(node: ReactNode, locale: Locale = "fr") {
  return renderToString(createElement(I18nextProvider, { i18n: renderingI18n(locale) }, node));
}

function text(html: string) {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ")
    .replace(/\u202f|\u00a0/g, " ")
    .trim();
}

/** The rows of the chart's table, as cell texts. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
}

const option = (id: number, label: string, extra: Partial<QuestionView["options"][number]> = {}) => ({ id, label, description: null, cost: null, href: null, ...extra });

describe("charts", () => {
  it("single choice: bars sized by share, the numbers in a table, the drawing hidden from screen readers", () => {
    const tally: TallyView = {
      method: "single",
      ballots: 8,
      rows: [
        { id: 1, label: "Des arbres", votes: 6, cost: null, winner: true },
        { id: 2, label: "Un kiosque", votes: 2, cost: null, winner: false },
      ],
    };
    const html = render(<TallyChart tally={tally} id="q1" caption="Que planter ?" />);
    expect(html).toMatch(/<div class="chart__plot" aria-hidden="true" data-chart="single">/);
    expect(html).toContain('width="75%"');
    expect(html).toContain('width="25%"');
    expect(tableRows(html)).toEqual([
      ["Des arbres (en tête)", "6", "75 %"],
      ["Un kiosque", "2", "25 %"],
    ]);
    expect(text(html)).toContain("Que planter ? : les chiffres");
  });

  it("majority judgment: the merit profile per option, the median line, the majority grade and every count in the table", () => {
    const grades = ["Très bien", "Bien", "Assez bien", "Passable", "Insuffisant", "À rejeter"];
    const tally: TallyView = {
      method: "majority",
      ballots: 4,
      grades,
      rows: [
        { id: 1, label: "Fontaine", counts: [2, 1, 1, 0, 0, 0], majorityGrade: 1, rank: 1 },
        { id: 2, label: "Parking", counts: [0, 0, 0, 1, 1, 2], majorityGrade: 4, rank: 2 },
      ],
    };
    const html = render(<TallyChart tally={tally} id="q2" caption="Jugez les projets" />);
    expect(html).toContain('x1="50%"');
    expect(html).toContain('width="50%"'); // 2 of 4 "Très bien" for the fountain
    expect(tableRows(html)).toEqual([
      ["1", "Fontaine", "Bien", "2 (50 %)", "1 (25 %)", "1 (25 %)", "0 (0 %)", "0 (0 %)", "0 (0 %)"],
      ["2", "Parking", "Insuffisant", "0 (0 %)", "0 (0 %)", "0 (0 %)", "1 (25 %)", "1 (25 %)", "2 (50 %)"],
    ]);
  });

  it("budget: spent and remaining, each project's cost, votes and whether it is funded", () => {
    const tally: TallyView = {
      method: "budget",
      ballots: 10,
      budget: 50_000,
      spent: 30_000,
      rows: [
        { id: 1, label: "Bancs", votes: 7, cost: 10_000, winner: true },
        { id: 2, label: "Aire de jeux", votes: 5, cost: 45_000, winner: false },
        { id: 3, label: "Fresque", votes: 4, cost: 20_000, winner: true },
      ],
    };
    const html = render(<TallyChart tally={tally} id="q3" caption="Budget" />);
    expect(html).toContain('width="60%"'); // 30 000 of 50 000
    const rows = tableRows(html);
    expect(rows[0]).toEqual(["Bancs", "10 000 €", "7", "oui"]);
    expect(rows[1]).toEqual(["Aire de jeux", "45 000 €", "5", "non"]);
    expect(text(html)).toContain("Reste 20 000 €");
  });

  it("reads in English too", () => {
    const tally: TallyView = { method: "approval", ballots: 3, rows: [{ id: 1, label: "Trees", votes: 3, cost: null, winner: true }] };
    const html = render(<TallyChart tally={tally} id="q" caption="Which?" />, "en");
    expect(tableRows(html)).toEqual([["Trees (leading)", "3", "100%"]]);
    expect(text(html)).toContain("Share of voters");
  });
});

describe("the ballot's fields", () => {
  const grades = [
    { value: 5, label: "Très bien" },
    { value: 4, label: "Bien" },
    { value: 3, label: "Assez bien" },
    { value: 2, label: "Passable" },
    { value: 1, label: "Insuffisant" },
    { value: 0, label: "À rejeter" },
  ];
  const base = { description: null, minChoices: 0, maxChoices: 1, grades: [], budget: null, minSpend: null };
  const questions: QuestionView[] = [
    { ...base, id: 11, title: "Une seule", method: "single", options: [option(1, "Arbres", { href: "/projects/p/proposals/9" }), option(2, "Kiosque")] },
    { ...base, id: 12, title: "Plusieurs", method: "approval", minChoices: 1, maxChoices: 2, options: [option(3, "A"), option(4, "B"), option(5, "C")] },
    { ...base, id: 13, title: "Jugez", method: "majority", grades, options: [option(6, "Fontaine"), option(7, "Parking")] },
    { ...base, id: 14, title: "Budget", method: "budget", budget: 50_000, minSpend: 10_000, options: [option(8, "Bancs", { cost: 10_000 }), option(9, "Jeux", { cost: 45_000 })] },
  ];

  it("one fieldset and legend per question and per graded option, with the names the server reads back", () => {
    const html = render(<BallotFields questions={questions} defaults={{ q11: ["2"], q12: ["3", "5"], "q13.o6": ["4"], q14: ["8"] }} errors={{ 12: "Trop d'options." }} />);
    const legends = [...html.matchAll(/<legend[^>]*>([\s\S]*?)<\/legend>/g)].map((m) => text(m[1]!));
    expect(legends).toEqual(["Une seule", "Plusieurs", "Jugez", "Fontaine", "Parking", "Budget"]);
    expect(html).toMatch(/<input type="radio" id="q11-2" name="q11" checked="" value="2"/);
    expect(html).toMatch(/<input type="checkbox" id="q12-5" name="q12" checked="" value="5"/);
    expect(html).toMatch(/<input type="radio" id="q13-o6-g4" name="q13.o6" checked="" value="4"/);
    // Each radio and box has its label.
    for (const [, id] of html.matchAll(/<input [^>]*id="([^"]+)"/g)) expect(html).toContain(`for="${id}"`);
    // The refused question says why, tied to its fieldset.
    expect(html).toMatch(/<fieldset class="ballot-question ballot-question--invalid" id="question-12" aria-describedby="question-12-hint question-12-error"/);
    expect(text(html)).toContain("Choisissez entre 1 et 2 options.");
    expect(text(html)).toContain("2 options choisies (au plus 2).");
    expect(text(html)).toContain("Total choisi : 10 000 € sur 50 000 € (reste 40 000 €).");
    expect(text(html)).toContain("Voir la proposition : Arbres");
  });

  it("what the form sends is what the module reads", () => {
    const form = new FormData();
    form.append("q11", "2");
    form.append("q12", "3");
    form.append("q12", "5");
    form.append("q13.o6", "4");
    form.append("q13.o7", "0");
    form.append("q14", "8");
    const settings = {
      11: { method: "single" as const },
      12: { method: "approval" as const, minChoices: 1, maxChoices: 2 },
      13: { method: "majority" as const, scale: 6 as const },
      14: { method: "budget" as const, total: 50_000, minSpend: 10_000 },
    };
    const read = readBallotForm(
      form,
      questions.map((q) => ({ id: q.id, settings: settings[q.id as keyof typeof settings], options: q.options.map((o) => ({ ...o, questionId: q.id, position: 0, description: "", proposalId: null })) })),
    );
    expect(read.errors).toEqual({});
    expect(read.answers).toEqual([
      { questionId: 11, method: "single", optionId: 2 },
      { questionId: 12, method: "approval", optionIds: [3, 5] },
      { questionId: 13, method: "majority", grades: { 6: 4, 7: 0 } },
      { questionId: 14, method: "budget", optionIds: [8] },
    ]);
  });
});

describe("time remaining", () => {
  const at = (iso: string) => Date.parse(iso);
  it("counts days, hours and minutes, warns under a day, and says when it is closed", () => {
    expect(remainingUntil(at("2026-12-05T18:00:00Z"), at("2026-12-03T15:30:00Z"))).toEqual({ closed: false, near: false, days: 2, hours: 2, minutes: 30 });
    expect(remainingUntil(at("2026-12-05T18:00:00Z"), at("2026-12-05T17:15:00Z"))).toMatchObject({ near: true, hours: 0, minutes: 45 });
    expect(remainingUntil(at("2026-12-05T18:00:00Z"), at("2026-12-05T18:00:00Z"))).toMatchObject({ closed: true });
  });

  it("renders the server's count, with the warning near the close", () => {
    const far = render(<TimeRemaining closesAt="2026-12-05T18:00:00Z" serverNow="2026-12-03T15:30:00Z" closesLabel="5 déc. 2026 à 19:00" />);
    expect(text(far)).toBe("Il reste 2 jours et 2 heures. Clôture le 5 déc. 2026 à 19:00.");
    const near = render(<TimeRemaining closesAt="2026-12-05T18:00:00Z" serverNow="2026-12-05T17:15:00Z" closesLabel="5 déc. 2026 à 19:00" />);
    expect(text(near)).toBe("Clôture proche : Il reste 45 minutes. Clôture le 5 déc. 2026 à 19:00.");
    const closed = render(<TimeRemaining closesAt="2026-12-05T18:00:00Z" serverNow="2026-12-05T18:01:00Z" closesLabel="5 déc. 2026 à 19:00" />, "en");
    expect(text(closed)).toBe("Voting is closed. It closed on 5 déc. 2026 à 19:00.");
  });
});

describe("Paris clock fields", () => {
  it("reads a datetime-local value on the French clock, winter and summer, and writes it back", async () => {
    const { parisLocalToDate, dateToParisLocal } = await import("./datetime");
    expect(parisLocalToDate("2026-12-05T18:00")?.toISOString()).toBe("2026-12-05T17:00:00.000Z");
    expect(parisLocalToDate("2026-07-01T09:30")?.toISOString()).toBe("2026-07-01T07:30:00.000Z");
    expect(parisLocalToDate("demain")).toBeNull();
    expect(dateToParisLocal(new Date("2026-12-05T17:00:00Z"))).toBe("2026-12-05T18:00");
    expect(dateToParisLocal(new Date("2026-07-01T07:30:00Z"))).toBe("2026-07-01T09:30");
  });
});

// The project page's header and call to action, and the home page's cards, rendered on the server.
import type * as RemixReact from "@remix-run/react";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import type { Locale } from "~/i18n/config";
import { renderingI18n } from "~/i18n/i18n.server";
import { PhaseCallToAction } from "./PhaseCallToAction";
import { ProjectCard, type ProjectCardView } from "./ProjectCard";
import { ProjectTitle, type ProjectHeaderView } from "./ProjectHeader";

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

/** The text a screen reader or a reader gets: tags out, entities decoded, spaces collapsed. */
function text(html: string) {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

const project: ProjectHeaderView = {
  id: 7,
  slug: "place-de-la-fontaine",
  title: "Réaménager la place de la Fontaine",
  kind: "urban",
  status: "published",
  currentPhase: "co_construction",
  currentPhaseEndsOn: "12 janvier 2027",
  proposalsCount: 9,
  debatesCount: 1,
  followersCount: 4,
  following: false,
};

describe("the project's header", () => {
  it("shows the publication status to those who manage projects only", () => {
    expect(text(render(<ProjectTitle project={project} canManage={false} />))).not.toContain("Statut");
    expect(text(render(<ProjectTitle project={project} canManage />))).toContain("Statut : Publié");
  });

  it("says the phase in words (the icon is hidden, the colour only repeats it), in full and compact forms", () => {
    for (const compact of [false, true]) {
      const html = render(<ProjectTitle project={project} canManage={false} compact={compact} />);
      expect(text(html)).toContain("Phase en cours : Co-construction");
      expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
      expect(html).not.toMatch(/<svg(?![^>]*aria-hidden="true")/);
    }
    // Compact (sub-pages): no theme badge and no edit link, so the page's content comes up.
    const compact = render(<ProjectTitle project={project} canManage compact />);
    expect(text(compact)).not.toContain("Urbanisme");
    expect(compact).not.toContain("/manage/projects/7");
  });
});

describe("the call to action of the current phase", () => {
  it("in co-construction: 'Proposez une idée avant le …' and the 'Proposer une idée' link", () => {
    const html = render(<PhaseCallToAction project={project} />);
    expect(text(html)).toContain("Proposez une idée avant le 12 janvier 2027");
    expect(html).toMatch(/<a href="\/projects\/place-de-la-fontaine\/proposals\/new"[^>]*>Proposer une idée<\/a>/);
    expect(text(html)).toContain("Voir les 9 propositions");
  });

  it("in the vote: 'Votez avant le …', no proposing", () => {
    const html = render(<PhaseCallToAction project={{ ...project, currentPhase: "vote" }} />);
    expect(text(html)).toContain("Votez avant le 12 janvier 2027");
    expect(html).not.toContain("/proposals/new");
  });

  it("in English, and nothing for a draft, an archive or a project without a current phase", () => {
    // The loader formats the date in the page's language.
    expect(text(render(<PhaseCallToAction project={{ ...project, currentPhaseEndsOn: "January 12, 2027" }} />, "en"))).toContain(
      "Propose an idea before January 12, 2027",
    );
    for (const p of [{ ...project, status: "draft" as const }, { ...project, status: "archived" as const }, { ...project, currentPhase: null }]) {
      expect(render(<PhaseCallToAction project={p} />)).toBe("");
    }
  });
});

describe("a project card", () => {
  const card: ProjectCardView = {
    id: 3,
    slug: "plan-velo",
    title: "Un plan vélo",
    summary: "Une piste protégée.",
    kind: "urban",
    status: "published",
    phase: "vote",
    proposalsCount: 6,
    cover: { src: "/uploads/1/a-800.webp", srcSet: "/uploads/1/a-400.webp 400w, /uploads/1/a-800.webp 800w", width: 800, height: 450, alt: "Une piste cyclable" },
  };

  it("has its cover in WebP with srcset and lazy loading, its phase and theme in words, and says it is open", () => {
    const html = render(<ProjectCard project={card} />);
    expect(html).toMatch(/<img[^>]*srcSet="\/uploads\/1\/a-400\.webp 400w, \/uploads\/1\/a-800\.webp 800w"[^>]*loading="lazy"/);
    expect(html).toContain('alt="Une piste cyclable"');
    expect(text(html)).toContain("Phase : Vote");
    expect(text(html)).toContain("Thématique : Urbanisme");
    expect(text(html)).toContain("Vote ouvert");
  });

  it("without a cover: a drawing of its theme, hidden from screen readers", () => {
    const html = render(<ProjectCard project={{ ...card, cover: null, phase: "information" }} />);
    expect(html).not.toContain("<img");
    expect(html).toMatch(/class="project-card__placeholder[^"]*" aria-hidden="true"/);
    expect(text(html)).not.toContain("Vote ouvert");
  });
});

// The RGAA accessibility statement (déclaration d'accessibilité, model of the DINUM): what an
// organization's admins record of their last audit, and what follows from it. Pure, shared by the
// page, the footer and the admin form.

/** The three states the model allows, in its words (translated by `accessibility:state.<state>`). */
export const CONFORMANCE_STATES = ["non", "partial", "total"] as const;
export type ConformanceState = (typeof CONFORMANCE_STATES)[number];

/** The version of the standard the statement refers to. */
export const RGAA_VERSION = "4.1";

/** The lists of the statement, in the order the model gives them. */
export const STATEMENT_LISTS = [
  "nonConformities",
  "derogations",
  "exemptions",
  "technologies",
  "testEnvironments",
  "tools",
  "auditedPages",
] as const;
export type StatementList = (typeof STATEMENT_LISTS)[number];

/** Per list, as the database's maquette_text_list_ok checks them. */
export const LIST_MAX_ITEMS = 50;
export const LIST_ITEM_MAX = 500;
export const AUDITOR_MAX = 200;

export type AccessibilityStatement = {
  /** Percentage of the applicable RGAA criteria met, 0 to 100; null: no audit yet. */
  complianceRate: number | null;
  /** ISO dates (YYYY-MM-DD). */
  auditedOn: string | null;
  auditor: string | null;
  statedOn: string;
} & Record<StatementList, string[]>;

/**
 * The state the model derives from the rate of the last audit: every criterion met, totally; at
 * least half, partially; less, or no audit to measure it, not conforming.
 */
export function conformanceState(complianceRate: number | null | undefined): ConformanceState {
  if (complianceRate == null || !Number.isFinite(complianceRate)) return "non";
  if (complianceRate >= 100) return "total";
  if (complianceRate >= 50) return "partial";
  return "non";
}

/** "72,5" in French, "72.5" in English: the rate as written in a sentence or typed in a field. */
export function formatRate(rate: number, locale: string): string {
  return new Intl.NumberFormat(locale === "en" ? "en-GB" : "fr-FR", { maximumFractionDigits: 2 }).format(rate);
}

/**
 * The recourse the model names: the Défenseur des droits, reached online, by phone, through its
 * delegates in each département, or by free post. Fixed by law, not by the organization.
 */
export const DEFENSEUR_DES_DROITS = {
  formUrl: "https://formulaire.defenseurdesdroits.fr/",
  delegatesUrl: "https://www.defenseurdesdroits.fr/carte-des-delegues",
  phone: "09 69 39 00 00",
  phoneHref: "tel:+33969390000",
  postalAddress: ["Défenseur des droits", "Libre réponse 71120", "75342 Paris CEDEX 07"],
} as const;

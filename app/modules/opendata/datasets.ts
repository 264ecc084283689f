// The open-data files: which datasets, in which formats, with which fields. Shared by the
// export (export.server.ts) and the page that documents it.

export const DATASETS = ["projects", "proposals", "consultation_results"] as const;
export type Dataset = (typeof DATASETS)[number];
export const FORMATS = ["csv", "json"] as const;
export type Format = (typeof FORMATS)[number];

export const FIELDS = {
  projects: [
    "id",
    "slug",
    "title",
    "kind",
    "status",
    "current_phase",
    "published_at",
    "center_lng",
    "center_lat",
    "proposals_count",
    "comments_count",
  ],
  proposals: [
    "id",
    "project_id",
    "title",
    "body_text",
    "status",
    "created_at",
    "lng",
    "lat",
    "supports_count",
    "comments_count",
    "author_pseudonym",
  ],
  // One row per option of each consultation whose results are public (live, or after its close).
  consultation_results: [
    "consultation_id",
    "project_id",
    "consultation_title",
    "state",
    "closes_at",
    "results_published_at",
    "voters",
    "question_id",
    "question_title",
    "method",
    "ballots",
    "option_id",
    "option_label",
    "proposal_id",
    "cost",
    "votes",
    "grade_profile",
    "majority_grade",
    "rank",
    "funded",
    "winner",
  ],
} as const satisfies Record<Dataset, readonly string[]>;

export type FieldName<D extends Dataset> = (typeof FIELDS)[D][number];

/** The licence's official text (Etalab). */
export const LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

/** "projects.csv" → { dataset, format }, or null for any other name. */
export function parseFileName(name: string | undefined): { dataset: Dataset; format: Format } | null {
  const match = /^(projects|proposals|consultation_results)\.(csv|json)$/.exec(name ?? "");
  if (!match) return null;
  return { dataset: match[1] as Dataset, format: match[2] as Format };
}

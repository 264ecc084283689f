import type { Messages } from "~/i18n/config";
import type fr from "../fr/projects";

const en: Messages<typeof fr> = {
  closed: {
    notPublished: "This project is not published yet.",
    archived: "This project is archived: it no longer accepts contributions.",
    phase: "This action is not open in the project's current phase.",
  },
  errors: {
    phaseEndsBeforeStart: "A phase cannot end before it starts.",
    phasesOverlap: "Phases must not overlap.",
    phasesOrder: "Phases must follow one another in order: information, co-construction, vote, results.",
  },
  phases: {
    information: "Information",
    co_construction: "Co-construction",
    vote: "Vote",
    results: "Results and follow-up",
  },
  kinds: { urban: "Urban planning", cultural: "Culture", leisure: "Leisure" },
  statuses: { draft: "Draft", published: "Published", archived: "Archived" },
};
export default en;

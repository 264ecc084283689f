export default {
  closed: {
    notPublished: "Ce projet n'est pas encore publié.",
    archived: "Ce projet est archivé : il n'accepte plus de contributions.",
    phase: "Cette action n'est pas ouverte dans la phase actuelle du projet.",
  },
  errors: {
    phaseEndsBeforeStart: "Une phase ne peut pas se terminer avant de commencer.",
    phasesOverlap: "Les phases ne doivent pas se chevaucher.",
    phasesOrder: "Les phases doivent se suivre dans l'ordre : information, co-construction, vote, résultats.",
  },
  phases: {
    information: "Information",
    co_construction: "Co-construction",
    vote: "Vote",
    results: "Résultats et suivi",
  },
  kinds: { urban: "Urbanisme", cultural: "Culture", leisure: "Loisirs" },
  statuses: { draft: "Brouillon", published: "Publié", archived: "Archivé" },
} as const;

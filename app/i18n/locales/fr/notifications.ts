export default {
  kinds: {
    proposal_answered: "La collectivité a répondu à votre proposition « {{proposalTitle}} » : {{status}}.",
    comment_reply: "{{authorName}} a répondu à votre commentaire sur « {{targetTitle}} ».",
    project_phase: "Le projet « {{projectTitle}} » entre dans la phase « {{phase}} ».",
    content_hidden: "Votre contribution « {{contentTitle}} » a été masquée par la modération : {{reason}}",
    consultation_extended: "Le vote « {{consultationTitle}} » est prolongé jusqu'au {{closesAt}}.",
    consultation_results: "Les résultats du vote « {{consultationTitle}} » sont publiés.",
    content_restored: "Votre contribution « {{contentTitle}} » est de nouveau visible : la modération l'a rétablie ({{reason}}).",
    accessibility_report: "Signalement d'accessibilité sur « {{page}} » : le message vous a été envoyé par e-mail.",
  },
  /** Who replied, once their account is deleted (their name is not kept). */
  deletedParticipant: "Un participant supprimé",
  mail: {
    proposal_answered: {
      subject: "Réponse à votre proposition « {{proposalTitle}} »",
      body: "La collectivité a répondu à votre proposition « {{proposalTitle}} » : {{status}}.",
    },
    comment_reply: {
      subject: "Nouvelle réponse à votre commentaire",
      body: "{{authorName}} a répondu à votre commentaire sur « {{targetTitle}} ».",
    },
    project_phase: {
      subject: "« {{projectTitle}} » : nouvelle phase",
      body: "Le projet « {{projectTitle}} », que vous suivez, entre dans la phase « {{phase}} ».",
    },
    content_hidden: {
      subject: "Votre contribution a été masquée",
      body: "Votre contribution « {{contentTitle}} » a été masquée par la modération. Motif : {{reason}}",
    },
    consultation_extended: {
      subject: "Vote prolongé : « {{consultationTitle}} »",
      body: "Le vote « {{consultationTitle}} », auquel vous avez participé, est prolongé : il se clôt le {{closesAt}}.",
    },
    consultation_results: {
      subject: "Résultats du vote « {{consultationTitle}} »",
      body: "Les résultats du vote « {{consultationTitle}} » (projet « {{projectTitle}} ») sont publiés.",
    },
    content_restored: {
      subject: "Votre contribution est de nouveau visible",
      body: "Après examen, la modération a rétabli votre contribution « {{contentTitle}} » : elle est de nouveau visible de tous. Motif : {{reason}}",
    },
    footer: "Vous recevez ce message de {{org}}. Choisissez les messages que vous recevez dans « Mon compte ».",
  },
  bell: {
    none: "Notifications (aucune non lue)",
    unread_one: "Notifications ({{shown}} non lue)",
    unread_other: "Notifications ({{shown}} non lues)",
  },
  page: {
    title: "Notifications",
    intro: "Les réponses à vos propositions et commentaires, les nouvelles phases des projets que vous suivez et les décisions de modération vous concernant.",
    settingsLink: "Choisir les notifications que vous recevez",
    empty: "Vous n'avez aucune notification pour l'instant.",
    emptyText: "Vous serez prévenu ici quand la commune répondra à vos propositions, quand quelqu'un répondra à vos commentaires et quand un projet que vous suivez changera de phase.",
    emptyAction: "Découvrir les projets",
    markAllRead: "Tout marquer comme lu",
    allRead_one: "{{count}} notification marquée comme lue.",
    allRead_other: "{{count}} notifications marquées comme lues.",
    allRead_zero: "Toutes vos notifications étaient déjà lues.",
    unread: "Non lue",
    superseded: "Remplacée par une décision plus récente : ce contenu a été rétabli.",
    pagination: "Pagination des notifications",
  },
  settings: {
    title: "Notifications reçues",
    accountLink: "Choisir les notifications que vous recevez",
    breadcrumb: "Fil d'Ariane",
    intro:
      "Pour chaque type de notification, choisissez si elle apparaît dans la cloche de notifications, sur la plateforme, et si elle vous est aussi envoyée par e-mail.",
    kinds: {
      proposal_answered: "Réponse de la collectivité à l'une de vos propositions",
      comment_reply: "Réponse à l'un de vos commentaires",
      project_phase: "Nouvelle phase d'un projet que vous suivez",
      content_hidden: "Contribution masquée par la modération",
      consultation_extended: "Prolongation d'un vote auquel vous avez participé",
      consultation_results: "Résultats d'un vote auquel vous avez participé ou d'un projet que vous suivez",
      content_restored: "Contribution rétablie par la modération",
    },
    inApp: "Sur la plateforme (cloche de notifications)",
    email: "Par e-mail",
    saved: "Vos préférences de notification sont enregistrées.",
    toList: "Voir vos notifications",
  },
} as const;

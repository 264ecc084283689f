export default {
  kinds: {
    proposal_answered: "Une réponse a été apportée à votre proposition « {{proposalTitle}} ».",
    comment_reply: "{{authorName}} a répondu à votre commentaire sur « {{targetTitle}} ».",
    project_phase: "Le projet « {{projectTitle}} » entre dans la phase « {{phase}} ».",
    content_hidden: "Votre contribution « {{contentTitle}} » a été masquée par la modération : {{reason}}",
  },
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
    footer: "Vous recevez ce message de {{org}}. Choisissez les messages que vous recevez dans « Mon compte ».",
  },
} as const;

import type { Messages } from "~/i18n/config";
import type fr from "../fr/notifications";

const en: Messages<typeof fr> = {
  kinds: {
    proposal_answered: "Your proposal \"{{proposalTitle}}\" has been answered.",
    comment_reply: "{{authorName}} replied to your comment on \"{{targetTitle}}\".",
    project_phase: "The project \"{{projectTitle}}\" enters the \"{{phase}}\" phase.",
    content_hidden: "Your contribution \"{{contentTitle}}\" was hidden by moderation: {{reason}}",
  },
  mail: {
    proposal_answered: {
      subject: "Answer to your proposal \"{{proposalTitle}}\"",
      body: "The town answered your proposal \"{{proposalTitle}}\": {{status}}.",
    },
    comment_reply: {
      subject: "New reply to your comment",
      body: "{{authorName}} replied to your comment on \"{{targetTitle}}\".",
    },
    project_phase: {
      subject: "\"{{projectTitle}}\": new phase",
      body: "The project \"{{projectTitle}}\", which you follow, enters the \"{{phase}}\" phase.",
    },
    content_hidden: {
      subject: "Your contribution was hidden",
      body: "Your contribution \"{{contentTitle}}\" was hidden by moderation. Reason: {{reason}}",
    },
    footer: "You receive this message from {{org}}. Choose which messages you receive in \"My account\".",
  },
};
export default en;

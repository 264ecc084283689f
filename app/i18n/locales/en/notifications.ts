import type { Messages } from "~/i18n/config";
import type fr from "../fr/notifications";

const en: Messages<typeof fr> = {
  kinds: {
    proposal_answered: "The town answered your proposal \"{{proposalTitle}}\": {{status}}.",
    comment_reply: "{{authorName}} replied to your comment on \"{{targetTitle}}\".",
    project_phase: "The project \"{{projectTitle}}\" enters the \"{{phase}}\" phase.",
    content_hidden: "Your contribution \"{{contentTitle}}\" was hidden by moderation: {{reason}}",
    consultation_extended: "The vote \"{{consultationTitle}}\" is extended until {{closesAt}}.",
    consultation_results: "The results of the vote \"{{consultationTitle}}\" are published.",
    content_restored: "Your contribution \"{{contentTitle}}\" is visible again: moderation restored it ({{reason}}).",
    accessibility_report: "Accessibility report about \"{{page}}\": the message was sent to you by e-mail.",
  },
  /** Who replied, once their account is deleted (their name is not kept). */
  deletedParticipant: "A deleted participant",
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
    consultation_extended: {
      subject: "Vote extended: \"{{consultationTitle}}\"",
      body: "The vote \"{{consultationTitle}}\", in which you took part, is extended: it closes on {{closesAt}}.",
    },
    consultation_results: {
      subject: "Results of the vote \"{{consultationTitle}}\"",
      body: "The results of the vote \"{{consultationTitle}}\" (project \"{{projectTitle}}\") are published.",
    },
    content_restored: {
      subject: "Your contribution is visible again",
      body: "After review, moderation restored your contribution \"{{contentTitle}}\": everyone can see it again. Reason: {{reason}}",
    },
    footer: "You receive this message from {{org}}. Choose which messages you receive in \"My account\".",
  },
  bell: {
    none: "Notifications (none unread)",
    unread_one: "Notifications ({{shown}} unread)",
    unread_other: "Notifications ({{shown}} unread)",
  },
  page: {
    title: "Notifications",
    intro: "Answers to your proposals and comments, new phases of the projects you follow, and moderation decisions about your contributions.",
    settingsLink: "Choose which notifications you receive",
    empty: "You have no notifications yet.",
    emptyText: "You will be told here when the town answers your proposals, when someone replies to your comments and when a project you follow enters a new phase.",
    emptyAction: "Discover the projects",
    markAllRead: "Mark all as read",
    allRead_one: "{{count}} notification marked as read.",
    allRead_other: "{{count}} notifications marked as read.",
    allRead_zero: "All your notifications were already read.",
    unread: "Unread",
    superseded: "Replaced by a later decision: this content was restored.",
    pagination: "Notifications pages",
  },
  settings: {
    title: "Notifications you receive",
    accountLink: "Choose which notifications you receive",
    breadcrumb: "Breadcrumb",
    intro: "For each kind of notification, choose whether it shows in the notification bell, on the platform, and whether it is also sent to you by e-mail.",
    kinds: {
      proposal_answered: "The town answers one of your proposals",
      comment_reply: "Someone replies to one of your comments",
      project_phase: "A project you follow enters a new phase",
      content_hidden: "Moderation hides one of your contributions",
      consultation_extended: "A vote you took part in is extended",
      consultation_results: "The results of a vote you took part in, or of a project you follow",
      content_restored: "Moderation restores one of your contributions",
    },
    inApp: "On the platform (notification bell)",
    email: "By e-mail",
    saved: "Your notification preferences are saved.",
    toList: "See your notifications",
  },
};
export default en;

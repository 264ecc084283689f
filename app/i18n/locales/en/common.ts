import type { Messages } from "~/i18n/config";
import type fr from "../fr/common";

const en: Messages<typeof fr> = {
  app: { name: "Maquette", tagline: "Co-constructing the town's projects" },
  nav: {
    skipToContent: "Skip to content",
    main: "Main navigation",
    home: "Home",
    login: "Log in",
    signup: "Sign up",
    logout: "Log out",
    account: "My account",
    admin: "Administration",
    moderation: "Moderation",
    menu: "Menu",
    language: "Language",
    changeLanguage: "Change language",
    footer: "Footer",
    terms: "Terms of use",
    accessibility: "Accessibility: partially compliant",
    legal: "Legal notice",
  },
  languages: { fr: "Français", en: "English" },
  home: {
    title: "Welcome to {{org}}'s participation platform",
    intro:
      "Here the town publishes its projects and you build them together: propose, debate, vote, and follow what comes of it.",
    projectsTitle: "Projects",
    noProjects: "No project has been published yet. Come back soon!",
    joinTitle: "Take part",
    joinText: "Create an account to propose, comment and vote.",
  },
  banner: {
    confirmEmail: "Please confirm your e-mail address: we sent a link to {{email}}.",
    resend: "Send the link again",
  },
  actions: { save: "Save", cancel: "Cancel", back: "Back", send: "Send", continue: "Continue" },
  form: {
    required: "(required)",
    errorsTitle: "The form has {{count}} error. Correct it and send the form again.",
    errorsTitle_other: "The form has {{count}} errors. Correct them and send the form again.",
  },
  errors: {
    required: "This field is required.",
    email: "Enter a valid e-mail address, for example name@example.org.",
    nameLength: "The name must be 1 to 80 characters long.",
    passwordLength: "The password must be 12 to 200 characters long.",
    passwordMismatch: "The two passwords do not match.",
    termsRequired: "You must accept the terms of use.",
    invalid: "This value is not valid.",
    tooManyRequests: "Too many attempts. Try again in {{minutes}} minute.",
    tooManyRequests_other: "Too many attempts. Try again in {{minutes}} minutes.",
  },
  richtext: {
    invalid: "The formatted text is not valid. Reload the page and try again.",
    tooLong: "The text is too long.",
    empty: "The text cannot be empty.",
    unsafeLink: "A link is not allowed: only http, https and mailto links are.",
    unsafeImage: "An image does not come from the platform: add it with the \"Image\" button.",
    notAllowed: "The text contains formatting that is not allowed (script, frame, unknown attribute or element).",
  },
  uploads: {
    tooLarge: "The file is too large ({{max}} MB at most).",
    notImage: "This file is not an image: send a JPEG, PNG, WebP, GIF or AVIF file.",
    notPdf: "This file is not a PDF.",
    corrupt: "This file is damaged and cannot be read.",
    empty: "The file is empty.",
  },
  status: {
    notFoundTitle: "Page not found",
    notFoundText: "The page you are looking for does not exist or has moved.",
    forbiddenTitle: "Access denied",
    forbiddenText: "You are not allowed to do this.",
    errorTitle: "Something went wrong",
    errorText: "We could not process your request. Please try again in a moment.",
    badRequestTitle: "Invalid request",
    confirmEmailFirst: "First confirm your e-mail address: follow the link we sent you.",
    blocked: "Your account can no longer contribute: moderation has blocked it. Contact the town to find out more.",
    goHome: "Back to the home page",
  },
  dates: { at: "on {{date}}" },
  pages: {
    termsTitle: "Terms of use",
    termsBody:
      "The {{org}} platform lets you take part in the town's projects. Your contributions are public and signed with your name; your e-mail address never is. Respect other participants: insulting, discriminatory or off-topic content is hidden by moderation. You can delete your account at any time from the \"My account\" page; your contributions then remain under \"deleted participant\".",
    accessibilityTitle: "Accessibility statement",
    accessibilityBody:
      "{{org}} is committed to making its participation platform accessible in accordance with article 47 of French law no. 2005-102 of 11 February 2005. This statement applies to the Maquette platform. The platform aims at RGAA 4.1 compliance (WCAG 2.1 level AA); every page is checked automatically, and every 3D view or map has an HTML equivalent. If you cannot reach a content or a service, contact the town to be directed to an accessible alternative.",
    legalTitle: "Legal notice",
    legalBody: "This platform is published by {{org}}. It runs on Maquette, free software under the AGPL-3.0 licence.",
  },
};
export default en;

import type { Messages } from "~/i18n/config";
import type fr from "../fr/mail";

const en: Messages<typeof fr> = {
  greeting: "Hello {{name}},",
  signature: "The team of {{org}}'s participation platform",
  linkFallback: "If the link does not open, copy this address into your browser:",
  confirm: {
    subject: "Confirm your e-mail address – {{org}}",
    intro: "To confirm your e-mail address on {{org}}'s participation platform, follow this link. It is valid for 48 hours.",
    action: "Confirm my e-mail address",
    ignore: "If you did not create an account on this platform, ignore this message: without confirmation, nothing will be done with this address.",
  },
  signupExisting: {
    subject: "Sign-up attempt with your address – {{org}}",
    intro: "Someone just tried to create an account on {{org}}'s participation platform with your e-mail address. You already have an account there: no new account was created.",
    login: "If it was you, just log in:",
    forgot: "Forgot your password? Choose a new one:",
    ignore: "If it was not you, ignore this message: your account has not changed.",
  },
  reset: {
    subject: "Choose a new password – {{org}}",
    intro: "You asked to change the password of your account on {{org}}'s participation platform. Follow this link to choose a new one; it is valid for one hour and works only once.",
    action: "Choose a new password",
    ignore: "If you did not ask for anything, ignore this message: your password stays the same.",
  },
  emailChange: {
    subject: "Confirm your new e-mail address – {{org}}",
    intro: "You asked to use this address for your account on {{org}}'s participation platform. Follow this link to confirm the change; it is valid for 48 hours.",
    action: "Confirm my new address",
    ignore: "If you did not make this request, ignore this message: nothing will change.",
  },
  emailChangeNotice: {
    subject: "E-mail address change requested – {{org}}",
    intro: "Someone just asked to change the e-mail address of your account on {{org}}'s participation platform. The new address would be: {{email}}.",
    when: "The change will only happen if someone follows the link sent to that new address. Until then, your current address remains the account's address.",
    notYou: "If you did not make this request, change your password as soon as possible:",
  },
  passwordChanged: {
    subject: "Your password has been changed – {{org}}",
    intro: "The password of your account on {{org}}'s participation platform has just been changed, and the other sessions open on your account have been ended.",
    notYou: "If you did not make this change, choose a new password right away:",
  },
};
export default en;

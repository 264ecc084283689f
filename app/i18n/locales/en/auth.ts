import type { Messages } from "~/i18n/config";
import type fr from "../fr/auth";

const en: Messages<typeof fr> = {
  login: {
    title: "Log in",
    email: "E-mail address",
    password: "Password",
    submit: "Log in",
    invalid: "Wrong e-mail address or password.",
    forgot: "Forgot your password?",
    noAccount: "No account yet?",
    signup: "Create an account",
  },
};
export default en;

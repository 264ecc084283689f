export default {
  login: {
    title: "Se connecter",
    email: "Adresse e-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    invalid: "Adresse e-mail ou mot de passe incorrect.",
    forgot: "Mot de passe oublié ?",
    noAccount: "Pas encore de compte ?",
    signup: "Créer un compte",
  },
} as const;

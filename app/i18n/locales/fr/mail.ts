export default {
  greeting: "Bonjour {{name}},",
  signature: "L'équipe de la plateforme participative de {{org}}",
  linkFallback: "Si le lien ne s'ouvre pas, copiez cette adresse dans votre navigateur :",
  confirm: {
    subject: "Confirmez votre adresse e-mail – {{org}}",
    intro: "Pour confirmer votre adresse e-mail sur la plateforme participative de {{org}}, suivez ce lien. Il est valable 48 heures.",
    action: "Confirmer mon adresse e-mail",
    ignore: "Si vous n'avez pas créé de compte sur cette plateforme, ignorez ce message : sans confirmation, rien ne sera fait avec cette adresse.",
  },
  signupExisting: {
    subject: "Tentative d'inscription avec votre adresse – {{org}}",
    intro: "Quelqu'un vient d'essayer de créer un compte sur la plateforme participative de {{org}} avec votre adresse e-mail. Vous y avez déjà un compte : aucun nouveau compte n'a été créé.",
    login: "Si c'était vous, connectez-vous simplement :",
    forgot: "Vous avez oublié votre mot de passe ? Choisissez-en un nouveau :",
    ignore: "Si ce n'était pas vous, ignorez ce message : votre compte n'a pas changé.",
  },
  reset: {
    subject: "Choisir un nouveau mot de passe – {{org}}",
    intro: "Vous avez demandé à changer le mot de passe de votre compte sur la plateforme participative de {{org}}. Suivez ce lien pour en choisir un nouveau ; il est valable une heure et ne fonctionne qu'une fois.",
    action: "Choisir un nouveau mot de passe",
    ignore: "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.",
  },
  emailChange: {
    subject: "Confirmez votre nouvelle adresse e-mail – {{org}}",
    intro: "Vous avez demandé à utiliser cette adresse pour votre compte sur la plateforme participative de {{org}}. Suivez ce lien pour confirmer le changement ; il est valable 48 heures.",
    action: "Confirmer ma nouvelle adresse",
    ignore: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
  },
  emailChangeNotice: {
    subject: "Changement d'adresse e-mail demandé – {{org}}",
    intro: "Une demande de changement d'adresse e-mail vient d'être faite pour votre compte sur la plateforme participative de {{org}}. La nouvelle adresse serait : {{email}}.",
    when: "Le changement ne se fera que si quelqu'un suit le lien envoyé à cette nouvelle adresse. D'ici là, votre adresse actuelle reste celle du compte.",
    notYou: "Si vous n'êtes pas à l'origine de cette demande, changez votre mot de passe dès que possible :",
  },
  passwordChanged: {
    subject: "Votre mot de passe a été changé – {{org}}",
    intro: "Le mot de passe de votre compte sur la plateforme participative de {{org}} vient d'être changé, et les autres sessions ouvertes sur votre compte ont été fermées.",
    notYou: "Si vous n'êtes pas à l'origine de ce changement, choisissez tout de suite un nouveau mot de passe :",
  },
} as const;

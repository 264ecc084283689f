// The demo town's accessibility statement, saved through the admin page's own command and schema.
// Honest about this app: the pages are checked automatically (axe) and by hand with the keyboard,
// but no full RGAA audit by an outside firm was made; the map is the known gap, with its HTML list
// as the alternative.
import { StatementSchema } from "../../app/modules/accessibility/schema";
import { getAccessibilityStatement, saveAccessibilityStatement } from "../../app/modules/accessibility/statement.server";
import type { Sql } from "../../app/utils/db.server";

/** As an admin would type it in the form (one item per line). */
export const DEMO_STATEMENT_FORM = {
  complianceRate: "78,5",
  auditedOn: "2026-11-20",
  auditor: "Équipe numérique de la Ville de Démo (audit interne)",
  statedOn: "2026-11-27",
  nonConformities: [
    "Carte des projets et carte d'un projet : les lieux ne sont pas tous atteignables au clavier quand ils sont regroupés, et le fond de carte n'a pas d'équivalent textuel (critères 1.1, 4.1 et 7.3). Alternative : la liste HTML des lieux, juste sous chaque carte, présente les mêmes éléments avec leurs liens.",
    "Vues 3D des aménagements prévus (à venir) : non restituées par les technologies d'assistance (critère 1.1). Alternative : la description HTML complète de chaque scène.",
    "Éditeur de texte mis en forme des élus : la barre d'outils n'annonce pas l'état des boutons actifs à tous les lecteurs d'écran (critère 7.1).",
    "Documents PDF déposés avant novembre 2026 : certains ne sont pas balisés (critère 13.3). Une version accessible est envoyée sur demande.",
  ].join("\n"),
  derogations: "",
  exemptions: "Documents PDF des comptes rendus de conseils municipaux publiés avant le 23 septembre 2018 (contenus non soumis à l'obligation d'accessibilité).",
  technologies: ["HTML5", "CSS", "JavaScript", "WAI-ARIA", "SVG"].join("\n"),
  testEnvironments: [
    "NVDA 2024.4 et Firefox 133 (Windows 11)",
    "JAWS 2024 et Chrome 131 (Windows 11)",
    "VoiceOver et Safari 18 (macOS 15 et iOS 18)",
    "TalkBack et Chrome (Android 15)",
  ].join("\n"),
  tools: ["axe-core 4.10 (vérification automatique de chaque page)", "Colour Contrast Analyser", "Navigation au clavier seul", "Validateur HTML du W3C"].join("\n"),
  auditedPages: [
    "Accueil : /",
    "Recherche : /search",
    "Page d'un projet : /projects/place-de-la-fontaine",
    "Liste des propositions : /projects/place-de-la-fontaine/proposals",
    "Page d'une proposition avec ses commentaires",
    "Débat d'un projet",
    "Création de compte : /signup",
    "Connexion : /login",
    "Mon compte : /account",
    "Notifications : /notifications",
    "Déclaration d'accessibilité : /accessibilite",
    "Mentions légales : /mentions-legales",
  ].join("\n"),
};

/** Saves the demo statement once: an organization that has one already keeps it. */
export async function seedDemoAccessibilityStatement(sql: Sql, organizationId: number): Promise<boolean> {
  if (await getAccessibilityStatement(sql, organizationId)) return false;
  const [admin] = await sql`select id from users where organization_id = ${organizationId} and email = 'admin@maquette.example'`;
  if (!admin) return false;
  const statement = StatementSchema.parse(DEMO_STATEMENT_FORM);
  await saveAccessibilityStatement(sql, { organizationId, actorId: Number(admin.id), statement });
  return true;
}

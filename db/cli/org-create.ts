// npm run org:create -- --host ville.example --name "Ville d'Exemple" [--locale fr]
//                       [--origin https://ville.example:8443]
//                       [--admin-email maire@ville.example --admin-name "Camille Maire"]
// Creates an organization (audited as organization.create); with --admin-email, also its first
// admin, without password, and prints a one-time link (72 h) to set one. --origin is where the
// site is, the base of the links in its mails; by default https://<host> (http://<host>:PORT for
// localhost and *.localhost).
import { parseArgs } from "node:util";
import { CreateOrganizationSchema } from "../../app/modules/admin/schema";
import { ADMIN_LINK_HOURS, adminPasswordLink, createOrganization } from "../../app/modules/organizations/commands.server";
import { fail, withDatabase } from "./connect";

const USAGE =
  'usage: npm run org:create -- --host ville.example --name "Ville d\'Exemple" [--locale fr|en] [--origin https://ville.example] [--admin-email a@b.fr --admin-name "Nom"]';

/** Why a value was refused, for a terminal: the schema's messages are i18n keys. */
const REASONS: Record<string, string> = {
  host: "use lower-case letters, digits, dots and hyphens, with an optional :port (e.g. ville.example)",
  name: "it must be 1 to 120 characters long",
  defaultLocale: "use fr or en",
  origin: "use https:// followed by the same host name, with an optional :port and no path (e.g. https://ville.example:8443)",
  adminEmail: "it is not a valid e-mail address",
  adminName: "it must be 1 to 80 characters long",
};
const FLAGS: Record<string, string> = {
  host: "--host",
  name: "--name",
  defaultLocale: "--locale",
  origin: "--origin",
  adminEmail: "--admin-email",
  adminName: "--admin-name",
};

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      host: { type: "string" },
      name: { type: "string" },
      locale: { type: "string" },
      origin: { type: "string" },
      "admin-email": { type: "string" },
      "admin-name": { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(`org:create: ${(error as Error).message}. ${USAGE}`);
}

if (!values.host) fail(`org:create: --host is required. ${USAGE}`);
if (!values.name) fail(`org:create: --name is required. ${USAGE}`);
if (values["admin-name"] && !values["admin-email"]) fail("org:create: --admin-name needs --admin-email");

const adminEmail = values["admin-email"];
const parsed = CreateOrganizationSchema.safeParse({
  host: values.host,
  name: values.name,
  defaultLocale: values.locale ?? "fr",
  origin: values.origin,
  adminEmail,
  // Without a name, the admin is called by the e-mail's local part until they change it.
  adminName: adminEmail ? (values["admin-name"] ?? adminEmail.split("@")[0]) : undefined,
});
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const given = field === "defaultLocale" ? values.locale : field === "adminEmail" ? adminEmail : values[field];
  fail(`org:create: invalid ${FLAGS[field] ?? field} ${JSON.stringify(given ?? "")}: ${REASONS[field] ?? issue.message}`);
}

const input = parsed.data;
let result: Awaited<ReturnType<typeof createOrganization>>;
try {
  result = await withDatabase((sql) =>
    createOrganization(sql, {
      host: input.host,
      name: input.name,
      defaultLocale: input.defaultLocale,
      canonicalOrigin: input.origin ?? null,
      actorId: null,
      admin: input.adminEmail && input.adminName ? { email: input.adminEmail, name: input.adminName } : undefined,
    }),
  );
} catch (error) {
  fail(`org:create failed: ${(error as Error).message}`);
}
if (!result.ok) fail(`org:create: an organization already answers on ${input.host}`);

const org = result.organization;
console.log(`created organization #${org.id} "${org.name}" on ${org.host} (default language ${org.defaultLocale}, links in mails start with ${org.origin})`);
if (org.admin) {
  console.log(`created admin account ${org.admin.email}; to set its password (once, within ${ADMIN_LINK_HOURS} hours):`);
  console.log(`  ${adminPasswordLink(org.origin, org.admin.token)}`);
}

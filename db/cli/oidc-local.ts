// npm run oidc:local: a local FranceConnect for a demo or a trial (app/test/oidc-provider.ts), on
// this machine only: ES256 signatures, signed userinfo, eidas1, three test identities to choose
// from. It prints what to enter in /admin/identity. Stop with Ctrl-C.
//   npm run oidc:local -- [--port 4100] [--app http://localhost:3000]
import { parseArgs } from "node:util";
import { startLocalProvider } from "../../app/test/oidc-provider";

const { values } = parseArgs({ options: { port: { type: "string", default: "4100" }, app: { type: "string", default: "http://localhost:3000" } } });
const app = values.app.replace(/\/$/, "");
const clientId = "maquette-local";
const clientSecret = "maquette-local-secret";
const provider = await startLocalProvider({
  port: Number(values.port),
  clients: [
    {
      clientId,
      clientSecret,
      redirectUris: [`${app}/auth/oidc/franceconnect/callback`],
      postLogoutRedirectUris: [`${app}/auth/oidc/logged-out`],
    },
  ],
});
console.log(`Local FranceConnect on ${provider.issuer}. In ${app}/admin/identity, declare:
  type: FranceConnect, short name: franceconnect
  issuer: ${provider.issuer}
  client id: ${clientId}
  client secret: ${clientSecret}
(the app needs OIDC_SECRET_KEY, e.g. OIDC_SECRET_KEY=$(openssl rand -hex 32) npm start)
Test identities: ${provider.personas.map((p) => `${p.given_name} ${p.family_name} (${p.birthdate})`).join("; ")}`);
const stop = () => void provider.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

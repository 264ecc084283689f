// A local FranceConnect: a real OpenID Connect provider (oidc-provider) configured the way
// FranceConnect is (ES256 ID tokens, userinfo as a signed JWT, acr eidas1, one scope per claim,
// PKCE, end session with id_token_hint). Used by the integration tests, the e2e specs and, for a
// demo, by `npm run oidc:local`. Its sign-in page lists test identities: pick one, continue.
// It also lets a test forge tokens with its own keys (`forgeIdToken`) and slow every answer down.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type Persona = {
  sub: string;
  given_name: string;
  family_name: string;
  /** YYYY-MM-DD */
  birthdate: string;
  email: string;
  gender?: string;
  birthplace?: string;
  birthcountry?: string;
};

/** FranceConnect's own test identities look like these (invented people). */
export const PERSONAS: Persona[] = [
  {
    sub: "fc-angela-dubois",
    given_name: "Angela Claire Louise",
    family_name: "DUBOIS",
    birthdate: "1962-08-24",
    email: "angela.dubois@franceconnect.maquette.example",
    gender: "female",
    birthplace: "75107",
    birthcountry: "99100",
  },
  {
    sub: "fc-jean-eloi-lefevre",
    given_name: "Jean-Éloi",
    family_name: "LEFÈVRE-DURAND",
    birthdate: "2012-03-02",
    email: "jean-eloi.lefevre@franceconnect.maquette.example",
    gender: "male",
    birthplace: "75107",
    birthcountry: "99100",
  },
  {
    sub: "fc-noemie-ait-saadi",
    given_name: "Noémie",
    family_name: "AÏT SAADI",
    birthdate: "1990-11-30",
    email: "noemie.aitsaadi@franceconnect.maquette.example",
    gender: "female",
    birthplace: "69123",
    birthcountry: "99100",
  },
];

export type LocalClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
};

export type LocalProviderOptions = {
  /** 0: a free port. */
  port?: number;
  /** The host name in the issuer (default localhost). */
  host?: string;
  clients: LocalClient[];
  personas?: Persona[];
  /** The ID token's and userinfo's signature (FranceConnect v2: ES256). */
  alg?: "ES256" | "RS256";
};

export type SigningKey = { kid: string; alg: "ES256" | "RS256"; privateKey: crypto.KeyObject; jwk: crypto.JsonWebKey };

export type LocalProvider = {
  issuer: string;
  port: number;
  personas: Persona[];
  keys: SigningKey[];
  /** Every answer waits this long first (a slow provider); 0 by default. */
  setDelay: (ms: number) => void;
  /**
   * What a browser does at the provider, without one: follows the authorization URL, picks the
   * persona on the sign-in page, and returns the URL the provider sends back to (the client's callback).
   */
  authorize: (authorizationUrl: URL, sub: string) => Promise<URL>;
  /** A signed JWT (ES256 or RS256) with this key, or a fresh key the provider never published. */
  forgeIdToken: (claims: Record<string, unknown>, options?: { alg?: "ES256" | "RS256"; unknownKey?: boolean }) => string;
  close: () => Promise<void>;
};

function signingKey(alg: "ES256" | "RS256"): SigningKey {
  const { privateKey } =
    alg === "ES256"
      ? crypto.generateKeyPairSync("ec", { namedCurve: "P-256" })
      : crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  const kid = crypto.randomBytes(8).toString("hex");
  return { kid, alg, privateKey, jwk: { ...jwk, kid, alg, use: "sig" } as crypto.JsonWebKey };
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

export function signJwt(key: Pick<SigningKey, "kid" | "alg" | "privateKey">, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: key.alg, kid: key.kid, typ: "JWT" }));
  const payload = b64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const signature =
    key.alg === "ES256"
      ? crypto.sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" })
      : crypto.sign("sha256", Buffer.from(input), key.privateKey);
  return `${input}.${b64url(signature)}`;
}

function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function page(title: string, body: string) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#161616}
h1{font-size:1.4rem;color:#000091}fieldset{border:1px solid #ccc;padding:1rem}label{display:block;margin:.5rem 0}
button{background:#000091;color:#fff;border:0;padding:.75rem 1.25rem;font-size:1rem;cursor:pointer}</style></head>
<body><main>${body}</main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Starts a local FranceConnect-like provider; `close()` stops it. */
export async function startLocalProvider(options: LocalProviderOptions): Promise<LocalProvider> {
  const personas = options.personas ?? PERSONAS;
  const alg = options.alg ?? "ES256";
  // Both algorithms are published; the clients ask for `alg`.
  const keys = [signingKey(alg), signingKey(alg === "ES256" ? "RS256" : "ES256")];
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${options.host ?? "localhost"}:${port}`;
  let delay = 0;

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: alg,
      userinfo_signed_response_alg: alg,
    })),
    jwks: { keys: keys.map((k) => k.jwk) },
    // FranceConnect asks one scope per claim.
    claims: {
      openid: ["sub"],
      given_name: ["given_name"],
      family_name: ["family_name"],
      birthdate: ["birthdate"],
      email: ["email"],
      gender: ["gender"],
      birthplace: ["birthplace"],
      birthcountry: ["birthcountry"],
      profile: ["given_name", "family_name", "birthdate", "gender"],
    },
    scopes: ["openid", "given_name", "family_name", "birthdate", "email", "gender", "birthplace", "birthcountry", "profile"],
    acrValues: ["eidas1"],
    conformIdTokenClaims: false,
    enabledJWA: { idTokenSigningAlgValues: ["ES256", "RS256"], userinfoSigningAlgValues: ["ES256", "RS256"] },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: { body: string }, form: string) {
          ctx.body = page(
            "Déconnexion",
            `<h1>Se déconnecter de FranceConnect (local)</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter</button>`,
          );
        },
        async postLogoutSuccessSource(ctx: { body: string }) {
          ctx.body = page("Déconnecté", "<h1>Vous êtes déconnecté de FranceConnect (local).</h1>");
        },
      },
    },
    pkce: { required: () => true },
    cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const persona = personas.find((p) => p.sub === sub);
      if (!persona) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { ...persona };
        },
      };
    },
    renderError(ctx: { type: string; body: string }, out: Record<string, string>) {
      ctx.type = "html";
      ctx.body = page("Erreur", `<h1>Erreur</h1><p>${escapeHtml(out.error ?? "")}: ${escapeHtml(out.error_description ?? "")}</p>`);
    },
  });
  const handle = provider.callback();

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    void (async () => {
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const url = new URL(req.url ?? "/", issuer);
      if (url.pathname === "/favicon.ico") {
        res.statusCode = 204;
        res.end();
        return;
      }
      const match = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
      if (!match) return handle(req, res);
      const details = await provider.interactionDetails(req, res);
      if (req.method === "GET") {
        const radios = personas
          .map(
            (p, i) =>
              `<label><input type="radio" name="persona" value="${escapeHtml(p.sub)}"${i === 0 ? " checked" : ""}> ${escapeHtml(`${p.given_name} ${p.family_name}`)} (${escapeHtml(p.birthdate)})</label>`,
          )
          .join("");
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(
          page(
            "FranceConnect (local)",
            `<h1>FranceConnect (fournisseur local de test)</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}"><fieldset><legend>Identité de test</legend>${radios}</fieldset>
<p><button type="submit">Continuer</button></p></form>`,
          ),
        );
        return;
      }
      const form = await readForm(req);
      const sub = form.get("persona") ?? "";
      if (!personas.some((p) => p.sub === sub)) {
        res.statusCode = 400;
        res.end("unknown persona");
        return;
      }
      const grant = new provider.Grant({ accountId: sub, clientId: String(details.params.client_id) });
      const scope = String(details.params.scope ?? "openid");
      grant.addOIDCScope(scope);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub, acr: "eidas1" }, consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    port,
    personas,
    keys,
    setDelay: (ms) => {
      delay = ms;
    },
    async authorize(authorizationUrl, sub) {
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const keep = (res: Response) => {
        for (const line of res.headers.getSetCookie()) {
          const [pair] = line.split(";");
          const eq = pair!.indexOf("=");
          jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
      };
      let url = authorizationUrl;
      let method = "GET";
      let body: string | undefined;
      for (let hop = 0; hop < 10; hop++) {
        if (url.origin !== issuer) return url;
        const res = await fetch(url, {
          method,
          body,
          redirect: "manual",
          headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        });
        keep(res);
        const location = res.headers.get("location");
        if (location) {
          url = new URL(location, url);
          method = "GET";
          body = undefined;
          continue;
        }
        if (res.status === 200 && /\/interaction\//.test(url.pathname)) {
          method = "POST";
          body = new URLSearchParams({ persona: sub }).toString();
          continue;
        }
        throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`);
      }
      throw new Error("too many redirects at the provider");
    },
    forgeIdToken(claims, forge = {}) {
      const wanted = forge.alg ?? alg;
      const key = forge.unknownKey ? { ...signingKey(wanted), kid: keys.find((k) => k.alg === wanted)!.kid } : keys.find((k) => k.alg === wanted)!;
      return signJwt(key, claims);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// OpenID Connect with openid-client v6: discovery (cached per provider version), the authorization
// request (state, nonce, PKCE S256, acr_values=eidas1 for FranceConnect), the callback (code
// exchanged once, ID token signature, issuer, audience, expiry and nonce checked, then the userinfo,
// whose JWT signature is checked too), and the end-session URL. Every call to the provider has a
// timeout (OIDC_TIMEOUT_SECONDS). Signatures are always checked (enableNonRepudiationChecks), even
// over TLS: ES256 and RS256, from the provider's published keys.
import * as client from "openid-client";
import { getEnv } from "~/utils/env.server";
import type { ProviderRecord } from "./providers.server";
import { isLocalIssuer } from "./schema";
import { decryptSecret } from "./secret-box.server";

/** The provider could not be reached, answered too slowly, or answered something unreadable. */
export class ProviderUnavailableError extends Error {
  override name = "ProviderUnavailableError";
}

/** The provider's answer failed a check (state, nonce, signature, issuer, audience, expiry, code). */
export class ProviderResponseError extends Error {
  override name = "ProviderResponseError";
}

const SIGNING_ALGS = ["ES256", "RS256"];
/** Levels FranceConnect may answer to acr_values=eidas1 (a higher level satisfies a lower one). */
const EIDAS_LEVELS = new Set(["eidas1", "eidas2", "eidas3"]);

type CachedConfig = { key: string; at: number; config: client.Configuration };
const CONFIG_TTL_MS = 60 * 60_000;
// Kept on globalThis: the settings page (Remix bundle) and the server share one cache.
const CACHE_KEY = Symbol.for("maquette.oidcConfigurations");
const configs = ((globalThis as { [CACHE_KEY]?: Map<number, CachedConfig> })[CACHE_KEY] ??= new Map());

export type ProtocolOptions = {
  /** Replaces fetch for the provider's endpoints (tests put a tampering proxy here). */
  fetch?: client.CustomFetch;
};

function isNetworkFailure(error: unknown): boolean {
  const e = error as { name?: string; code?: string; cause?: { name?: string; code?: string } };
  const names = [e?.name, e?.cause?.name];
  const codes = [e?.code, e?.cause?.code];
  return (
    names.some((n) => n === "TimeoutError" || n === "AbortError") ||
    codes.some((c) => typeof c === "string" && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_|OAUTH_TIMEOUT)/.test(c)) ||
    (error instanceof TypeError && /fetch failed/i.test(error.message))
  );
}

/** The discovered configuration of a provider (cached for an hour, or until the admin saves it). */
export async function providerConfiguration(provider: ProviderRecord, options: ProtocolOptions = {}): Promise<client.Configuration> {
  const key = `${provider.updatedAt.getTime()}`;
  const hit = configs.get(provider.id);
  if (!options.fetch && hit && hit.key === key && Date.now() - hit.at < CONFIG_TTL_MS) return hit.config;
  const timeout = getEnv().OIDC_TIMEOUT_SECONDS;
  const secret = decryptSecret(provider.clientSecretEncrypted);
  const local = isLocalIssuer(provider.issuer);
  const endpoints: { userinfo?: string } = {};
  const fetcher = requireSignedUserinfo(provider, endpoints, options.fetch);
  let discovered: client.Configuration;
  try {
    discovered = await client.discovery(new URL(provider.issuer), provider.clientId, undefined, undefined, {
      timeout,
      execute: local ? [client.allowInsecureRequests] : [],
      ...(fetcher ? { [client.customFetch]: fetcher } : {}),
    });
  } catch (error) {
    throw new ProviderUnavailableError(`discovery of ${provider.issuer} failed: ${(error as Error).message}`);
  }
  const server = discovered.serverMetadata();
  endpoints.userinfo = server.userinfo_endpoint;
  // Client authentication: Basic when the provider takes it, else POST (FranceConnect).
  const methods = server.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  const auth = methods.includes("client_secret_basic") && provider.kind !== "franceconnect" ? client.ClientSecretBasic(secret) : client.ClientSecretPost(secret);
  const config = new client.Configuration(server, provider.clientId, { client_secret: secret }, auth);
  config.timeout = timeout;
  if (local) client.allowInsecureRequests(config);
  if (fetcher) config[client.customFetch] = fetcher;
  client.enableNonRepudiationChecks(config);
  if (!options.fetch) configs.set(provider.id, { key, at: Date.now(), config });
  return config;
}

/** For FranceConnect, a userinfo that is not a signed JWT is refused (its signature is then checked). */
function requireSignedUserinfo(
  provider: ProviderRecord,
  endpoints: { userinfo?: string },
  inner?: client.CustomFetch,
): client.CustomFetch | undefined {
  if (provider.kind !== "franceconnect") return inner;
  return async (url, init) => {
    const response = await (inner ? inner(url, init) : fetch(url, init as RequestInit));
    if (endpoints.userinfo && url === endpoints.userinfo && response.ok && !/^application\/jwt/i.test(response.headers.get("content-type") ?? "")) {
      throw new ProviderResponseError("FranceConnect's userinfo must be a signed JWT");
    }
    return response;
  };
}

export type AuthorizationRequest = { url: URL; state: string; nonce: string; codeVerifier: string };

export async function buildAuthorizationRequest(
  provider: ProviderRecord,
  redirectUri: string,
  options: ProtocolOptions = {},
): Promise<AuthorizationRequest> {
  const config = await providerConfiguration(provider, options);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const params: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: provider.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  };
  if (provider.kind === "franceconnect") params.acr_values = "eidas1";
  return { url: client.buildAuthorizationUrl(config, params), state, nonce, codeVerifier };
}

export type VerifiedIdentity = {
  subject: string;
  /** ID token claims merged with the (verified) userinfo's. */
  claims: Record<string, unknown>;
  idToken: string;
};

/**
 * Exchanges the code of `callbackUrl` and checks everything: state, the ID token (signature, iss,
 * aud, exp, iat, nonce), eIDAS level for FranceConnect, then fetches the userinfo for the same sub.
 */
export async function completeAuthorization(
  provider: ProviderRecord,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
  options: ProtocolOptions = {},
): Promise<VerifiedIdentity> {
  const config = await providerConfiguration(provider, options);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
  } catch (error) {
    if (isNetworkFailure(error)) throw new ProviderUnavailableError((error as Error).message);
    throw new ProviderResponseError((error as Error).message);
  }
  const idClaims = tokens.claims();
  const idToken = tokens.id_token;
  if (!idClaims || !idToken) throw new ProviderResponseError("no ID token");
  const alg = headerAlg(idToken);
  if (!alg || !SIGNING_ALGS.includes(alg)) throw new ProviderResponseError(`ID token signed with ${alg ?? "nothing"}`);
  if (provider.kind === "franceconnect" && !EIDAS_LEVELS.has(String(idClaims.acr ?? ""))) {
    throw new ProviderResponseError(`eIDAS level ${String(idClaims.acr)} instead of eidas1`);
  }
  let userinfo: Record<string, unknown>;
  try {
    userinfo = (await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ProviderResponseError) throw error;
    if (isNetworkFailure(error)) throw new ProviderUnavailableError((error as Error).message);
    throw new ProviderResponseError((error as Error).message);
  }
  return { subject: idClaims.sub, claims: { ...userinfo, ...pick(idClaims, ["sub", "acr"]) }, idToken };
}

function pick(source: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

function headerAlg(jwt: string): string | null {
  try {
    const header = JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString("utf8")) as { alg?: unknown };
    return typeof header.alg === "string" ? header.alg : null;
  } catch {
    return null;
  }
}

/** The provider's end-session URL, or null when it has none or cannot be reached right now. */
export async function buildLogoutUrl(
  provider: ProviderRecord,
  input: { idToken: string; postLogoutRedirectUri: string; state: string },
  options: ProtocolOptions = {},
): Promise<URL | null> {
  try {
    const config = await providerConfiguration(provider, options);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, {
      id_token_hint: input.idToken,
      post_logout_redirect_uri: input.postLogoutRedirectUri,
      state: input.state,
    });
  } catch {
    return null;
  }
}

/** Forgets the cached configurations (tests; an admin's save changes the cache key anyway). */
export function forgetProviderConfigurations() {
  configs.clear();
}

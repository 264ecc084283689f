// Where the end-to-end run lives: one app on :3100 with its own embedded PostgreSQL (wiped at
// each run) and a real SMTP server capturing the app's mail as JSON files.
// Two runs on one machine (two engineers, two checkouts) collide on these: each can be moved with
// an environment variable (E2E_PORT, E2E_PG_PORT, E2E_SMTP_PORT, E2E_DATA_DIR). The build the app
// runs is chosen by MAQUETTE_BUILD_DIR, which `npm start` and the specs read from the environment.
import path from "node:path";

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name}=${raw} is not a TCP port`);
  return value;
}

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const APP_PORT = port("E2E_PORT", 3100);
export const BASE_URL = `http://localhost:${APP_PORT}`;
/** Relative to ROOT; wiped at the start of each run. */
export const DATA_DIR = process.env.E2E_DATA_DIR || ".data/e2e";
export const PG_PORT = port("E2E_PG_PORT", 54329);
export const PG_URL = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/maquette`;
export const PG_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/postgres`;
export const SMTP_PORT = port("E2E_SMTP_PORT", 2526);
/** The local FranceConnect the identity specs start (e2e/franceconnect.spec.ts). */
export const OIDC_PORT = port("E2E_OIDC_PORT", APP_PORT + 110);
/** The app's OIDC_SECRET_KEY in the e2e run (a test key: it seals only the local provider's secret). */
export const OIDC_SECRET_KEY = "e2e0".repeat(16);
export const MAIL_DIR = path.join(ROOT, `${DATA_DIR}-mail`);
/** The build the app runs (`npm start` builds it when stale): build/ and public/build/ by default. */
export const BUILD_DIR = process.env.MAQUETTE_BUILD_DIR || null;
/** The server build's entry: `${MAQUETTE_BUILD_DIR}/server/index.js`, or build/server/index.js. */
export const SERVER_ENTRY = path.join(ROOT, BUILD_DIR ?? "build", "server", "index.js");
/** The Remix server build: `${MAQUETTE_BUILD_DIR}/remix/index.js`, or build/remix/index.js. */
export const REMIX_SERVER_BUILD = path.join(ROOT, BUILD_DIR ?? "build", "remix", "index.js");
/** Where the browser assets served under /build/ are: `${MAQUETTE_BUILD_DIR}/public`, or public/build. */
export const ASSETS_DIR = path.join(ROOT, BUILD_DIR ? path.join(BUILD_DIR, "public") : path.join("public", "build"));

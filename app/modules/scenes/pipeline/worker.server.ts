// The pipeline's worker thread: receives one model's bytes, answers with its stages as they come
// and the result (the optimised GLB transferred, not copied). Started per job by run.server.ts,
// bundled as build/server/scene-pipeline-worker.js by app/server/build.mjs.
import { parentPort } from "node:worker_threads";
import { processGlb } from "./pipeline.server";

export type WorkerRequest = { bytes: Uint8Array };
export type WorkerMessage =
  | { type: "stage"; stage: string }
  | { type: "result"; result: Awaited<ReturnType<typeof processGlb>>; peakRss: number };

if (parentPort) {
  const port = parentPort;
  port.once("message", async (request: WorkerRequest) => {
    let peakRss = process.memoryUsage.rss();
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
    const result = await processGlb(request.bytes, { onStage: (stage) => port.postMessage({ type: "stage", stage } satisfies WorkerMessage) });
    clearInterval(sample);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const message: WorkerMessage = { type: "result", result, peakRss };
    port.postMessage(message, result.ok ? [result.glb.buffer as ArrayBuffer] : []);
  });
}

// Starts the pipeline's worker from its TypeScript sources (tests, benchmarks): tsx compiles it in
// the worker thread. The built app uses build/server/scene-pipeline-worker.js instead.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../../../../tsconfig.json", import.meta.url).pathname });
await import("./worker.server.ts");

// npm run bench:scenes — the 3D scenes' figures (issue 12).
// Pipeline part (scenes-data): each demo variant of "Place de la Mairie" (scenes/generator, when
// present) and a generated town block as a modeller would export it (300 buildings, 2,000 trees,
// each its own mesh with its own data, a 1024 px PNG paving texture) go through the upload
// pipeline in its worker thread, as an official's upload does: bytes and draw calls before and
// after, triangles, pipeline time and the worker's peak memory (RSS sampled every 50 ms).
// Viewer part (scenes-viewer): time to the first rendered frame in headless Chromium, draw calls
// and triangles per variant from renderer.info, the 3D route's JavaScript (gzip).
// Last line: bench:scenes demo_max_variant_bytes=<n> demo_max_draw_calls=<n> block_bytes_before=<n> block_bytes_after=<n> first_frame_ms=<n> route_js_gzip_kb=<n>
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { makeBlockGlb } from "../../app/modules/scenes/pipeline/fixtures.server";
import { runPipeline } from "../../app/modules/scenes/pipeline/run.server";

const BLOCK = { buildings: Number(process.env.BENCH_BUILDINGS ?? 300), trees: Number(process.env.BENCH_TREES ?? 2000), textureSize: 1024 };

type PipelineFigures = { name: string; bytesBefore: number; bytesAfter: number; drawCallsBefore: number; drawCallsAfter: number; triangles: number; ms: number; peakRssMb: number | null };

async function throughPipeline(name: string, glb: Uint8Array): Promise<PipelineFigures> {
  const started = performance.now();
  const result = await runPipeline(glb);
  const ms = Math.round(performance.now() - started);
  if (!result.ok) throw new Error(`${name} refused: ${JSON.stringify(result.refusal)}`);
  return {
    name,
    bytesBefore: glb.length,
    bytesAfter: result.report.bytes,
    drawCallsBefore: result.report.drawCallsBefore,
    drawCallsAfter: result.report.drawCalls,
    triangles: result.report.triangles,
    ms,
    peakRssMb: result.peakRss == null ? null : Math.round(result.peakRss / 1024 / 1024),
  };
}

function line(f: PipelineFigures) {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `${f.name.padEnd(28)} ${kib(f.bytesBefore).padStart(12)} → ${kib(f.bytesAfter).padStart(11)}  draw calls ${String(f.drawCallsBefore).padStart(5)} → ${String(f.drawCallsAfter).padStart(3)}  triangles ${f.triangles}  ${f.ms} ms  peak RSS ${f.peakRssMb ?? "?"} MB`,
  );
}

/** The demo variants from the scenes' generator (scenes-viewer), or none when it is not there. */
async function demoVariants(): Promise<{ name: string; glb: Uint8Array }[]> {
  const file = path.resolve("scenes/generator/place.ts");
  if (!fs.existsSync(file)) return [];
  const mod = (await import(pathToFileURL(file).href)) as { generatePlace: (v: string) => Promise<Uint8Array>; PLACE_VARIANTS: string[] };
  const out = [];
  for (const variant of mod.PLACE_VARIANTS) out.push({ name: `demo ${variant}`, glb: await mod.generatePlace(variant) });
  return out;
}

export async function pipelinePart() {
  console.log("Pipeline (worker thread, as an official's upload):");
  const demo: PipelineFigures[] = [];
  for (const { name, glb } of await demoVariants()) {
    const figures = await throughPipeline(name, glb);
    demo.push(figures);
    line(figures);
  }
  if (demo.length === 0) console.log("demo scenes: scenes/generator/place.ts not found, skipped");
  const block = await throughPipeline(`block ${BLOCK.buildings} bldg ${BLOCK.trees} trees`, await makeBlockGlb(BLOCK));
  line(block);
  return {
    demoMaxVariantBytes: demo.length ? Math.max(...demo.map((d) => d.bytesAfter)) : null,
    demoMaxDrawCalls: demo.length ? Math.max(...demo.map((d) => d.drawCallsAfter)) : null,
    block,
  };
}

/** The viewer part (scenes-viewer): first frame and route JS; null until it is written. */
async function viewerPart(): Promise<{ firstFrameMs: number | null; routeJsGzipKb: number | null; demoMaxDrawCalls?: number | null }> {
  return { firstFrameMs: null, routeJsGzipKb: null };
}

const pipeline = await pipelinePart();
const viewer = await viewerPart();
const value = (n: number | null | undefined) => (n == null ? "n/a" : String(n));
console.log(
  `bench:scenes demo_max_variant_bytes=${value(pipeline.demoMaxVariantBytes)} demo_max_draw_calls=${value(viewer.demoMaxDrawCalls ?? pipeline.demoMaxDrawCalls)} block_bytes_before=${pipeline.block.bytesBefore} block_bytes_after=${pipeline.block.bytesAfter} first_frame_ms=${value(viewer.firstFrameMs)} route_js_gzip_kb=${value(viewer.routeJsGzipKb)}`,
);

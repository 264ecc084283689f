// The model pipeline on real files: a carelessly exported block comes out smaller, in fewer draw
// calls, with WebP textures and meshopt compression; every kind of bad file is refused with the
// reason its message names; the worker keeps the event loop free while a large model is processed.
import { Document, NodeIO } from "@gltf-transform/core";
import { describe, expect, it } from "vitest";
import { MAX_GLB_UPLOAD_BYTES } from "../schema";
import { craftGlb, makeBlockGlb, triangleGltf } from "./fixtures.server";
import { processGlb } from "./pipeline.server";
import { runPipeline } from "./run.server";

function refusalOf(result: Awaited<ReturnType<typeof processGlb>>) {
  if (result.ok) throw new Error("expected a refusal");
  return result.refusal;
}

function jsonOf(glb: Uint8Array) {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  return JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + view.getUint32(12, true)))) as Record<string, unknown>;
}

describe("an accepted model", () => {
  it("is optimised: fewer bytes and draw calls, the same triangles, WebP textures, meshopt compression, a full report", async () => {
    const input = await makeBlockGlb({ buildings: 24, trees: 120, textureSize: 512 });
    const result = await processGlb(input);
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    const { report, glb } = result;
    expect(report.bytes).toBe(glb.length);
    expect(report.bytes).toBeLessThan(input.length / 4);
    expect(report.drawCallsBefore).toBe(1 + 24 + 240);
    expect(report.drawCalls).toBeLessThanOrEqual(10);
    expect(report.triangles).toBe(report.trianglesBefore);
    expect(report.triangles).toBe((1 + 24 + 240) * 12);
    expect(report).toMatchObject({ textures: 1, warnings: [], validator: { errors: 0 } });
    expect(report.textureBytes).toBe(Math.round(512 * 512 * 4 * (4 / 3)));
    const json = jsonOf(glb);
    expect(json.extensionsUsed).toEqual(expect.arrayContaining(["EXT_texture_webp", "EXT_meshopt_compression", "EXT_mesh_gpu_instancing"]));
    expect((json.images as { mimeType: string }[])[0]!.mimeType).toBe("image/webp");
    // What we wrote reads back.
    const again = await processGlb(glb);
    expect(again.ok).toBe(true);
  });

  it("is warned about past a target (draw calls above 100) but kept", async () => {
    const document = new Document();
    const buffer = document.createBuffer();
    const scene = document.createScene();
    const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]);
    for (let i = 0; i < 120; i++) {
      const material = document.createMaterial(`m${i}`).setBaseColorFactor([i / 120, 0.5, 0.5, 1]);
      const prim = document.createPrimitive().setAttribute("POSITION", document.createAccessor().setType("VEC3").setArray(positions.slice()).setBuffer(buffer)).setMaterial(material);
      scene.addChild(document.createNode(`n${i}`).setMesh(document.createMesh(`m${i}`).addPrimitive(prim)).setTranslation([i * 2, 0, 0]));
    }
    const result = await processGlb(await new NodeIO().writeBinary(document));
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    expect(result.report.warnings).toEqual([{ metric: "drawCalls", value: 120, target: 100 }]);
  });
});

describe("a refused file", () => {
  it("empty, or over the upload size", async () => {
    expect(refusalOf(await processGlb(new Uint8Array()))).toMatchObject({ code: "empty" });
    expect(refusalOf(await processGlb(new Uint8Array(MAX_GLB_UPLOAD_BYTES + 1)))).toMatchObject({ code: "tooLarge", params: { size: MAX_GLB_UPLOAD_BYTES + 1 } });
  });

  it("not a GLB (wrong magic: a PNG, a glTF JSON file), or glTF 1", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(0)]);
    expect(refusalOf(await processGlb(png)).code).toBe("notGlb");
    expect(refusalOf(await processGlb(new TextEncoder().encode(JSON.stringify(triangleGltf().json)))).code).toBe("notGlb");
    const { json, bin } = triangleGltf();
    expect(refusalOf(await processGlb(craftGlb(json, bin, { version: 1 })))).toMatchObject({ code: "badVersion", params: { version: 1 } });
  });

  it("truncated: cut short, a chunk longer than what is left, a header alone", async () => {
    const { json, bin } = triangleGltf();
    const whole = craftGlb(json, bin);
    expect(refusalOf(await processGlb(whole.subarray(0, whole.length - 8)))).toMatchObject({
      code: "truncated",
      params: { detail: "length", declared: whole.length, actual: whole.length - 8 },
    });
    // The header's total agrees with the bytes, but the BIN chunk announces more than is left.
    const lying = craftGlb(json, bin);
    const view = new DataView(lying.buffer);
    const binAt = 20 + view.getUint32(12, true);
    view.setUint32(binAt, 4096, true);
    expect(refusalOf(await processGlb(lying))).toMatchObject({ code: "truncated", params: { detail: "chunk", declared: 4096 } });
    expect(refusalOf(await processGlb(whole.subarray(0, 12)))).toMatchObject({ code: "truncated", params: { detail: "header" } });
  });

  it("pointing outside itself: an external buffer, an external image, a data: URI", async () => {
    const external = triangleGltf();
    (external.json.buffers as Record<string, unknown>[])[0]!.uri = "https://elsewhere.example/model.bin";
    expect(refusalOf(await processGlb(craftGlb(external.json, external.bin)))).toMatchObject({
      code: "externalUri",
      params: { uri: "https://elsewhere.example/model.bin", where: "buffer" },
    });
    const image = triangleGltf({ images: [{ uri: "textures/pavés.png" }] });
    expect(refusalOf(await processGlb(craftGlb(image.json, image.bin)))).toMatchObject({ code: "externalUri", params: { uri: "textures/pavés.png", where: "image" } });
    const data = triangleGltf({ images: [{ uri: "data:image/png;base64,iVBORw0KGgo=" }] });
    expect(refusalOf(await processGlb(craftGlb(data.json, data.bin)))).toMatchObject({ code: "dataUri", params: { where: "image" } });
  });

  it("requiring an extension we cannot draw", async () => {
    const { json, bin } = triangleGltf({ extensionsUsed: ["KHR_texture_basisu", "ACME_secret_sauce"], extensionsRequired: ["ACME_secret_sauce"] });
    expect(refusalOf(await processGlb(craftGlb(json, bin)))).toMatchObject({ code: "unknownExtension", params: { extension: "ACME_secret_sauce" } });
  });

  it("invalid for the validator: its errors are kept, with their codes and places", async () => {
    // The accessor claims 30 vertices: its data runs past its buffer view.
    const { json, bin } = triangleGltf();
    (json.accessors as Record<string, unknown>[])[0]!.count = 30;
    const refusal = refusalOf(await processGlb(craftGlb(json, bin)));
    expect(refusal.code).toBe("invalid");
    expect(refusal.params.count).toBeGreaterThan(0);
    expect(refusal.validator!.messages[0]).toMatchObject({ severity: 0, pointer: expect.stringContaining("/accessors/0") });
  });

  it("over a hard limit even once optimised: more than 300,000 triangles, more than 200 draw calls", async () => {
    const document = new Document();
    const buffer = document.createBuffer();
    // One grid of 2 × 400 × 400 = 320,000 triangles.
    const n = 400;
    const positions = new Float32Array((n + 1) * (n + 1) * 3);
    for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) positions.set([i, 0, j], (i * (n + 1) + j) * 3);
    const indices = new Uint32Array(n * n * 6);
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = i * (n + 1) + j;
        indices.set([a, a + 1, a + n + 1, a + 1, a + n + 2, a + n + 1], k);
        k += 6;
      }
    }
    const prim = document
      .createPrimitive()
      .setAttribute("POSITION", document.createAccessor().setType("VEC3").setArray(positions).setBuffer(buffer))
      .setIndices(document.createAccessor().setType("SCALAR").setArray(indices).setBuffer(buffer));
    document.createScene().addChild(document.createNode("grid").setMesh(document.createMesh("grid").addPrimitive(prim)));
    const refusal = refusalOf(await processGlb(await new NodeIO().writeBinary(document)));
    expect(refusal).toMatchObject({ code: "overBudget", over: [{ metric: "triangles", value: 320_000, limit: 300_000 }] });

    const many = new Document();
    const manyBuffer = many.createBuffer();
    const scene = many.createScene();
    for (let i = 0; i < 210; i++) {
      const material = many.createMaterial(`m${i}`).setBaseColorFactor([i / 210, 0.2, 0.7, 1]);
      const p = many
        .createPrimitive()
        .setAttribute("POSITION", many.createAccessor().setType("VEC3").setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(manyBuffer))
        .setMaterial(material);
      scene.addChild(many.createNode(`n${i}`).setMesh(many.createMesh(`m${i}`).addPrimitive(p)).setTranslation([i, 0, 0]));
    }
    expect(refusalOf(await processGlb(await new NodeIO().writeBinary(many)))).toMatchObject({ code: "overBudget", over: [{ metric: "drawCalls", value: 210, limit: 200 }] });
  });
});

describe("the worker", () => {
  it("processes a large block while the event loop keeps turning", async () => {
    const input = await makeBlockGlb({ buildings: 300, trees: 2000, textureSize: 1024 });
    const stages: string[] = [];
    let worst = 0;
    let last = performance.now();
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      ticks++;
    }, 20);
    const started = performance.now();
    const result = await runPipeline(input, { onStage: (s) => stages.push(s) });
    const took = performance.now() - started;
    clearInterval(timer);
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    expect(stages).toEqual(["checking", "validating", "optimising", "measuring"]);
    expect(result.report.drawCallsBefore).toBe(1 + 300 + 4000);
    expect(result.report.drawCalls).toBeLessThan(60);
    expect(result.peakRss).toBeGreaterThan(0);
    // The pipeline took seconds; the main thread was never held for more than a fraction of that.
    expect(took).toBeGreaterThan(1000);
    expect(worst).toBeLessThan(Math.max(400, took / 4));
    expect(ticks).toBeGreaterThan(took / 20 / 4);
  }, 120_000);
});

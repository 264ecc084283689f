// The demo scenes are reproducible (same generator, same bytes), valid glTF, instanced, and their
// variants really differ.
import crypto from "node:crypto";
import { NodeIO } from "@gltf-transform/core";
import { EXTMeshGPUInstancing } from "@gltf-transform/extensions";
import { describe, expect, it } from "vitest";
import { generatePlace, PLACE_VARIANTS } from "./place";

// Untyped package (imported through a string so that no declaration is needed here).
type Validator = { validateBytes(bytes: Uint8Array): Promise<{ issues: { numErrors: number; messages: unknown[] } }> };
const loadValidator = async () => ((await import("gltf-validator" as string)) as { default: Validator }).default;

const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

describe("demo scene generator", () => {
  it("gives the same file hash on every run, and a different file per variant", async () => {
    const first = await Promise.all(PLACE_VARIANTS.map((v) => generatePlace(v)));
    const second = await Promise.all(PLACE_VARIANTS.map((v) => generatePlace(v)));
    expect(second.map(sha256)).toEqual(first.map(sha256));
    expect(new Set(first.map(sha256)).size).toBe(PLACE_VARIANTS.length);
  });

  it.each(PLACE_VARIANTS)("variant %s is valid glTF, instanced, small and says where one may walk", async (variant) => {
    const glb = await generatePlace(variant);
    const report = await (await loadValidator()).validateBytes(glb);
    expect(report.issues.numErrors, JSON.stringify(report.issues.messages.slice(0, 5))).toBe(0);
    expect(glb.length).toBeLessThan(400 * 1024);
    const doc = await new NodeIO().registerExtensions([EXTMeshGPUInstancing]).readBinary(glb);
    const instanced = doc.getRoot().listNodes().filter((n) => n.getExtension("EXT_mesh_gpu_instancing"));
    expect(instanced.length).toBeGreaterThanOrEqual(2);
    const scene = doc.getRoot().getDefaultScene()!;
    expect(scene.getExtras()).toMatchObject({ maquette: { walkable: { minX: expect.any(Number), maxZ: expect.any(Number) } } });
    const names = doc.getRoot().listNodes().map((n) => n.getName());
    expect(names).toContain("town-hall");
    if (variant === "existing") expect(names).toEqual(expect.arrayContaining(["cars-1", "fountain"]));
    if (variant === "a") expect(names).toEqual(expect.arrayContaining(["plane-trees", "benches", "fountain"]));
    if (variant === "b") expect(names).toEqual(expect.arrayContaining(["kiosk", "water-mirror", "young-trees"]));
  });
});

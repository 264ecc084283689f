// Test data for scenes (vitest and benchmarks): a budget report as the pipeline writes it, and a
// small picture to upload as a poster or a still.
import sharp from "sharp";
import type { BudgetReport } from "./schema";

export function testReport(overrides: Partial<BudgetReport> = {}): BudgetReport {
  return {
    version: 1,
    bytes: 1000,
    originalBytes: 2000,
    triangles: 1200,
    drawCalls: 12,
    drawCallsBefore: 40,
    trianglesBefore: 1200,
    materials: 4,
    textures: 1,
    textureBytes: 4 * 256 * 256,
    meshes: 6,
    nodes: 20,
    warnings: [],
    validator: { errors: 0, warnings: 0, infos: 0, hints: 0, messages: [], truncated: false },
    durationMs: 10,
    ...overrides,
  };
}

export async function testPicture(color = "#3a7d44", width = 640, height = 360): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

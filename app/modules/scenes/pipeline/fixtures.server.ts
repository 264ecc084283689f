// Models for the pipeline's tests and benchmark, generated in code: a town block as a modeller
// would export it without care (every building and tree its own mesh and buffer data, a PNG
// texture), and hand-made GLB containers for the files the pipeline must refuse. Deterministic.
import { Document, NodeIO, type Material, type Mesh } from "@gltf-transform/core";
import sharp from "sharp";

/** A GLB container around `json` and an optional BIN chunk, with correct (or forced) lengths. */
export function craftGlb(json: object, bin?: Uint8Array, options: { version?: number; declaredLength?: number } = {}): Uint8Array {
  const pad = (data: Uint8Array, fill: number) => {
    const padded = new Uint8Array(Math.ceil(data.length / 4) * 4).fill(fill);
    padded.set(data);
    return padded;
  };
  const jsonChunk = pad(new TextEncoder().encode(JSON.stringify(json)), 0x20);
  const binChunk = bin ? pad(bin, 0) : null;
  const total = 12 + 8 + jsonChunk.length + (binChunk ? 8 + binChunk.length : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, options.version ?? 2, true);
  view.setUint32(8, options.declaredLength ?? total, true);
  view.setUint32(12, jsonChunk.length, true);
  view.setUint32(16, 0x4e4f534a, true);
  out.set(jsonChunk, 20);
  if (binChunk) {
    const at = 20 + jsonChunk.length;
    view.setUint32(at, binChunk.length, true);
    view.setUint32(at + 4, 0x004e4942, true);
    out.set(binChunk, at + 8);
  }
  return out;
}

/** A minimal valid glTF JSON with one triangle in the BIN chunk (for crafted refusals). */
export function triangleGltf(extra: Record<string, unknown> = {}): { json: Record<string, unknown>; bin: Uint8Array } {
  const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]);
  const bin = new Uint8Array(positions.buffer);
  const json = {
    asset: { version: "2.0", generator: "maquette-tests" },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
    accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: "VEC3", min: [0, 0, 0], max: [1, 1, 0] }],
    bufferViews: [{ buffer: 0, byteOffset: 0, byteLength: bin.length }],
    buffers: [{ byteLength: bin.length }],
    ...extra,
  };
  return { json, bin };
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A box's 24 vertices (flat normals) and 12 triangles, w × h × d, its base at y = 0. */
function boxArrays(w: number, h: number, d: number) {
  const x = w / 2;
  const z = d / 2;
  const faces: [number[], number[]][] = [
    [[1, 0, 0], [x, 0, -z, x, h, -z, x, h, z, x, 0, z]],
    [[-1, 0, 0], [-x, 0, z, -x, h, z, -x, h, -z, -x, 0, -z]],
    [[0, 1, 0], [-x, h, -z, -x, h, z, x, h, z, x, h, -z]],
    [[0, -1, 0], [-x, 0, z, -x, 0, -z, x, 0, -z, x, 0, z]],
    [[0, 0, 1], [x, 0, z, x, h, z, -x, h, z, -x, 0, z]],
    [[0, 0, -1], [-x, 0, -z, -x, h, -z, x, h, -z, x, 0, -z]],
  ];
  const position: number[] = [];
  const normal: number[] = [];
  const uv: number[] = [];
  const index: number[] = [];
  faces.forEach(([n, p], f) => {
    position.push(...p);
    for (let i = 0; i < 4; i++) normal.push(...n);
    uv.push(0, 0, 0, 1, 1, 1, 1, 0);
    index.push(f * 4, f * 4 + 1, f * 4 + 2, f * 4, f * 4 + 2, f * 4 + 3);
  });
  return { position: new Float32Array(position), normal: new Float32Array(normal), uv: new Float32Array(uv), index: new Uint16Array(index) };
}

function boxMesh(document: Document, name: string, size: [number, number, number], material: Material): Mesh {
  const buffer = document.getRoot().listBuffers()[0]!;
  const a = boxArrays(...size);
  const accessor = (array: Float32Array | Uint16Array, type: "VEC3" | "VEC2" | "SCALAR") =>
    document.createAccessor().setArray(array).setType(type).setBuffer(buffer);
  const prim = document
    .createPrimitive()
    .setAttribute("POSITION", accessor(a.position, "VEC3"))
    .setAttribute("NORMAL", accessor(a.normal, "VEC3"))
    .setAttribute("TEXCOORD_0", accessor(a.uv, "VEC2"))
    .setIndices(accessor(a.index, "SCALAR"))
    .setMaterial(material);
  return document.createMesh(name).addPrimitive(prim);
}

async function pavingTexture(size: number): Promise<Uint8Array> {
  const tiles: string[] = [];
  const step = size / 16;
  const random = mulberry32(7);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const grey = 150 + Math.floor(random() * 60);
      tiles.push(`<rect x="${i * step + 1}" y="${j * step + 1}" width="${step - 2}" height="${step - 2}" fill="rgb(${grey},${grey - 8},${grey - 20})"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="#6b6358"/>${tiles.join("")}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer());
}

/**
 * A town block as exported without care: `buildings` boxes of varied sizes and `trees` (trunk and
 * crown), each its own mesh with its own copy of the data, under a textured ground. Deterministic.
 */
export async function makeBlockGlb(input: { buildings: number; trees: number; textureSize?: number; seed?: number }): Promise<Uint8Array> {
  const random = mulberry32(input.seed ?? 1);
  const document = new Document();
  document.createBuffer();
  const scene = document.createScene("block");
  const texture = document
    .createTexture("paving")
    .setImage(await pavingTexture(input.textureSize ?? 1024))
    .setMimeType("image/png");
  const ground = document.createMaterial("ground").setBaseColorTexture(texture).setRoughnessFactor(0.9);
  const walls = ["#d8c8a8", "#c9b28f", "#e6dccb", "#b8a07e"].map((hex, i) =>
    document
      .createMaterial(`wall-${i}`)
      .setBaseColorFactor([parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255, 1]),
  );
  // The same colours again under other names, as exporters write them (dedup merges them).
  const wallCopies = walls.map((m, i) => document.createMaterial(`wall-${i}-copy`).setBaseColorFactor(m.getBaseColorFactor()));
  const bark = document.createMaterial("bark").setBaseColorFactor([0.35, 0.24, 0.15, 1]);
  const leaves = document.createMaterial("leaves").setBaseColorFactor([0.2, 0.45, 0.18, 1]);

  const side = Math.ceil(Math.sqrt(input.buildings));
  const extent = side * 14;
  scene.addChild(document.createNode("ground").setMesh(boxMesh(document, "ground", [extent + 20, 0.2, extent + 20], ground)).setTranslation([0, -0.2, 0]));
  for (let b = 0; b < input.buildings; b++) {
    const w = 8 + Math.round(random() * 4);
    const d = 8 + Math.round(random() * 4);
    const h = 6 + Math.round(random() * 18);
    const i = b % side;
    const j = Math.floor(b / side);
    const material = (b % 2 === 0 ? walls : wallCopies)[b % walls.length]!;
    const node = document
      .createNode(`building-${b}`)
      .setMesh(boxMesh(document, `building-${b}`, [w, h, d], material))
      .setTranslation([i * 14 - extent / 2, 0, j * 14 - extent / 2]);
    scene.addChild(node);
  }
  for (let t = 0; t < input.trees; t++) {
    const x = (random() - 0.5) * extent;
    const z = (random() - 0.5) * extent;
    const tree = document.createNode(`tree-${t}`).setTranslation([x, 0, z]);
    tree.addChild(document.createNode(`trunk-${t}`).setMesh(boxMesh(document, `trunk-${t}`, [0.3, 2.5, 0.3], bark)));
    tree.addChild(document.createNode(`crown-${t}`).setMesh(boxMesh(document, `crown-${t}`, [2.4, 2.4, 2.4], leaves)).setTranslation([0, 2.5, 0]));
    scene.addChild(tree);
  }
  return new NodeIO().writeBinary(document);
}

// A thin layer over glTF Transform's Document for the demo scenes: named materials (colours in
// sRGB, textures as JPEG), plain meshes, and repeated objects written once with their instances'
// transforms (EXT_mesh_gpu_instancing, which three's GLTFLoader turns into InstancedMesh).
import { Document, NodeIO, type Material, type Mesh, type Node, type Texture } from "@gltf-transform/core";
import { EXTMeshGPUInstancing } from "@gltf-transform/extensions";
import type { MeshData } from "./geometry";

export type MaterialSpec = {
  colour: string;
  roughness?: number;
  metallic?: number;
  texture?: Uint8Array;
  emissive?: string;
  /** Water: slightly see-through. */
  opacity?: number;
};

export type Instance = { position: [number, number, number]; rotation?: number; scale?: number | [number, number, number] };

/** "#rrggbb" (sRGB) → linear factors, as glTF wants them. */
function linear(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return [channel((n >> 16) & 255), channel((n >> 8) & 255), channel(n & 255)];
}

export class SceneBuilder {
  readonly doc = new Document();
  private readonly buffer = this.doc.createBuffer();
  private readonly scene = this.doc.createScene("Scene");
  private readonly materials = new Map<string, Material>();
  private readonly textures = new Map<Uint8Array, Texture>();
  private readonly instancing = this.doc.createExtension(EXTMeshGPUInstancing);

  constructor(name: string) {
    this.scene.setName(name);
    this.doc.getRoot().getAsset().generator = "Maquette scenes/generator";
  }

  material(name: string, spec: MaterialSpec): Material {
    const existing = this.materials.get(name);
    if (existing) return existing;
    const material = this.doc
      .createMaterial(name)
      .setBaseColorFactor([...linear(spec.colour), spec.opacity ?? 1])
      .setRoughnessFactor(spec.roughness ?? 0.9)
      .setMetallicFactor(spec.metallic ?? 0);
    if (spec.opacity !== undefined && spec.opacity < 1) material.setAlphaMode("BLEND");
    if (spec.emissive) material.setEmissiveFactor(linear(spec.emissive));
    if (spec.texture) {
      let texture = this.textures.get(spec.texture);
      if (!texture) {
        texture = this.doc.createTexture(`${name}-texture`).setImage(spec.texture).setMimeType("image/jpeg");
        this.textures.set(spec.texture, texture);
      }
      material.setBaseColorTexture(texture);
    }
    this.materials.set(name, material);
    return material;
  }

  /** One mesh with one primitive per (geometry, material) part. */
  mesh(name: string, parts: [MeshData, Material][]): Mesh {
    const mesh = this.doc.createMesh(name);
    for (const [data, material] of parts) {
      if (data.indices.length === 0) continue;
      const position = this.doc.createAccessor().setType("VEC3").setArray(new Float32Array(data.positions)).setBuffer(this.buffer);
      const normal = this.doc.createAccessor().setType("VEC3").setArray(new Float32Array(data.normals)).setBuffer(this.buffer);
      const uv = this.doc.createAccessor().setType("VEC2").setArray(new Float32Array(data.uvs)).setBuffer(this.buffer);
      const vertexCount = data.positions.length / 3;
      const indices = this.doc
        .createAccessor()
        .setType("SCALAR")
        .setArray(vertexCount > 65535 ? new Uint32Array(data.indices) : new Uint16Array(data.indices))
        .setBuffer(this.buffer);
      const primitive = this.doc
        .createPrimitive()
        .setAttribute("POSITION", position)
        .setAttribute("NORMAL", normal)
        .setAttribute("TEXCOORD_0", uv)
        .setIndices(indices)
        .setMaterial(material);
      mesh.addPrimitive(primitive);
    }
    return mesh;
  }

  /** A node holding a mesh drawn once, in place. */
  place(name: string, parts: [MeshData, Material][]): Node {
    const node = this.doc.createNode(name).setMesh(this.mesh(name, parts));
    this.scene.addChild(node);
    return node;
  }

  /** A node drawing its mesh at each instance's place (one draw call per primitive for all of them). */
  instances(name: string, parts: [MeshData, Material][], instances: Instance[]): Node {
    const translation = new Float32Array(instances.length * 3);
    const rotation = new Float32Array(instances.length * 4);
    const scale = new Float32Array(instances.length * 3);
    instances.forEach((instance, i) => {
      translation.set(instance.position, i * 3);
      const half = (instance.rotation ?? 0) / 2;
      rotation.set([0, Math.sin(half), 0, Math.cos(half)], i * 4);
      const s = instance.scale ?? 1;
      scale.set(typeof s === "number" ? [s, s, s] : s, i * 3);
    });
    const accessor = (array: Float32Array, type: "VEC3" | "VEC4") => this.doc.createAccessor().setType(type).setArray(array).setBuffer(this.buffer);
    const batch = this.instancing
      .createInstancedMesh()
      .setAttribute("TRANSLATION", accessor(translation, "VEC3"))
      .setAttribute("ROTATION", accessor(rotation, "VEC4"))
      .setAttribute("SCALE", accessor(scale, "VEC3"));
    const node = this.doc.createNode(name).setMesh(this.mesh(name, parts)).setExtension("EXT_mesh_gpu_instancing", batch);
    this.scene.addChild(node);
    return node;
  }

  /** Scene-level facts the viewer may read (extras), e.g. where one may walk. */
  setExtras(extras: Record<string, unknown>) {
    this.scene.setExtras(extras);
  }

  async toGlb(): Promise<Uint8Array> {
    this.doc.getRoot().setDefaultScene(this.scene);
    return new NodeIO().registerExtensions([EXTMeshGPUInstancing]).writeBinary(this.doc);
  }
}

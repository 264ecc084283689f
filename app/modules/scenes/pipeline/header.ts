// The first check of an uploaded model, before any parser sees it: the GLB container (glTF 2.0
// binary: 12-byte header, a JSON chunk, an optional BIN chunk), its lengths consistent with the
// bytes received, then what its JSON may point at (no external files, no `data:` URIs) and the
// extensions it requires (only those the pipeline reads and the viewer draws). Pure.
import type { PipelineRefusal } from "../schema";

const MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"

/**
 * Extensions a model may require: glTF Transform reads them (Draco through its decoder) and
 * three's GLTFLoader displays them with the decoders served from our origin.
 */
export const SUPPORTED_REQUIRED_EXTENSIONS = new Set([
  "KHR_mesh_quantization",
  "KHR_texture_transform",
  "KHR_materials_unlit",
  "KHR_materials_emissive_strength",
  "KHR_draco_mesh_compression",
  "EXT_meshopt_compression",
  "EXT_texture_webp",
  "EXT_mesh_gpu_instancing",
]);

export type GlbJson = {
  asset?: { version?: string };
  buffers?: { uri?: string; byteLength?: number }[];
  images?: { uri?: string; bufferView?: number; mimeType?: string }[];
  extensionsUsed?: string[];
  extensionsRequired?: string[];
};

type HeaderResult = { ok: true; json: GlbJson; binLength: number } | { ok: false; refusal: PipelineRefusal };

const refuse = (code: PipelineRefusal["code"], params: PipelineRefusal["params"] = {}): HeaderResult => ({ ok: false, refusal: { code, params } });

export function checkGlbContainer(bytes: Uint8Array): HeaderResult {
  if (bytes.length === 0) return refuse("empty");
  if (bytes.length >= 4) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) return refuse("notGlb");
  } else {
    return refuse("notGlb");
  }
  if (bytes.length < 20) return refuse("truncated", { detail: "header" });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== 2) return refuse("badVersion", { version });
  const declared = view.getUint32(8, true);
  if (declared !== bytes.length) return refuse("truncated", { detail: "length", declared, actual: bytes.length });
  let offset = 12;
  let json: GlbJson | null = null;
  let binLength = 0;
  let index = 0;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) return refuse("truncated", { detail: "chunk", declared: 8, actual: bytes.length - offset });
    const length = view.getUint32(offset, true);
    const type = view.getUint32(offset + 4, true);
    if (length % 4 !== 0) return refuse("truncated", { detail: "align" });
    const start = offset + 8;
    if (start + length > bytes.length) return refuse("truncated", { detail: "chunk", declared: length, actual: bytes.length - start });
    if (index === 0) {
      if (type !== CHUNK_JSON) return refuse("truncated", { detail: "json" });
      try {
        const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, start + length));
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return refuse("truncated", { detail: "jsonText" });
        json = parsed as GlbJson;
      } catch {
        return refuse("truncated", { detail: "jsonText" });
      }
    } else if (index === 1 && type === CHUNK_BIN) {
      binLength = length;
    }
    offset = start + length;
    index++;
  }
  if (!json) return refuse("truncated", { detail: "json" });
  return { ok: true, json, binLength };
}

function shortUri(uri: string): string {
  const oneLine = uri.replace(/\s+/g, " ");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine;
}

/** What the model points at and requires: refused when it reaches outside the file or needs what we cannot draw. */
export function checkGlbReferences(json: GlbJson): PipelineRefusal | null {
  const places: { where: "buffer" | "image"; uri: unknown }[] = [
    ...(Array.isArray(json.buffers) ? json.buffers : []).map((b) => ({ where: "buffer" as const, uri: b?.uri })),
    ...(Array.isArray(json.images) ? json.images : []).map((i) => ({ where: "image" as const, uri: i?.uri })),
  ];
  for (const place of places) {
    if (place.uri === undefined) continue;
    const uri = String(place.uri);
    if (/^\s*data:/i.test(uri)) return { code: "dataUri", params: { where: place.where } };
    return { code: "externalUri", params: { uri: shortUri(uri), where: place.where } };
  }
  const required = Array.isArray(json.extensionsRequired) ? json.extensionsRequired.map(String) : [];
  const unknown = required.find((name) => !SUPPORTED_REQUIRED_EXTENSIONS.has(name));
  if (unknown) return { code: "unknownExtension", params: { extension: shortUri(unknown) } };
  return null;
}

// Loading a variant's GLB in the browser: three's GLTFLoader with the meshopt decoder that the build
// copies from three into /scenes/decoders/ (nothing from another host; the decoder compiles its
// WebAssembly from bytes, hence the CSP's 'wasm-unsafe-eval'). Models are kept by URL, so that
// switching back to a variant is instant. A model without any mesh is refused (the page then
// shows its HTML path).
import { Box3, TextureLoader, type Mesh, type Object3D } from "three";
import { GLTFLoader, type GLTFParser } from "three/examples/jsm/loaders/GLTFLoader.js";
import type { Bounds } from "./walk";

export const MESHOPT_DECODER_URL = "/scenes/decoders/meshopt_decoder.module.js";

export type LoadedModel = { root: Object3D; bounds: Bounds };

type MeshoptDecoderModule = { MeshoptDecoder: { ready: Promise<void>; supported: boolean } };

let loader: Promise<GLTFLoader> | null = null;
const models = new Map<string, Promise<LoadedModel>>();

function gltfLoader(): Promise<GLTFLoader> {
  loader ??= (async () => {
    const gltf = new GLTFLoader();
    // Textures inside a GLB become blob: URLs. three reads them with fetch() (ImageBitmapLoader),
    // which the CSP's connect-src refuses; an <img> may show blob: images (img-src): the plain
    // TextureLoader reads them that way, and the CSP stays as it is.
    gltf.register((parser: GLTFParser) => {
      const withOptions = parser as GLTFParser & { textureLoader: unknown; options: { manager: ConstructorParameters<typeof TextureLoader>[0] } };
      withOptions.textureLoader = new TextureLoader(withOptions.options.manager);
      return { name: "maquette_image_textures" };
    });
    // A URL held in a variable: the bundler leaves this import to the browser, which fetches our copy.
    const url: string = MESHOPT_DECODER_URL;
    const { MeshoptDecoder } = (await import(/* @vite-ignore */ url)) as MeshoptDecoderModule;
    await MeshoptDecoder.ready;
    gltf.setMeshoptDecoder(MeshoptDecoder as never);
    return gltf;
  })();
  loader.catch(() => {
    loader = null;
  });
  return loader;
}

export function loadModel(url: string): Promise<LoadedModel> {
  let model = models.get(url);
  if (!model) {
    model = (async () => {
      const gltf = await (await gltfLoader()).loadAsync(url);
      const root = gltf.scene;
      let meshes = 0;
      root.traverse((o) => {
        if ((o as Mesh).isMesh) meshes++;
      });
      if (meshes === 0) throw new Error("the model holds no geometry");
      return { root, bounds: walkBounds(root) };
    })();
    models.set(url, model);
    model.catch(() => models.delete(url));
  }
  return model;
}

/** Where one may walk: the model's own statement (our generator writes it), else its footprint. */
function walkBounds(root: Object3D): Bounds {
  const stated = (root.userData as { maquette?: { walkable?: Partial<Bounds> } }).maquette?.walkable;
  if (stated && [stated.minX, stated.maxX, stated.minZ, stated.maxZ].every((v) => typeof v === "number" && Number.isFinite(v))) {
    return stated as Bounds;
  }
  const box = new Box3().setFromObject(root);
  return { minX: box.min.x, maxX: box.max.x, minZ: box.min.z, maxZ: box.max.z };
}

// Runs inside headless Chromium (bundled by stills.ts): draws a GLB from each viewpoint with the
// viewer's own stage (sky, lights) and returns PNG data URLs.
import { ACESFilmicToneMapping, PerspectiveCamera, Scene, WebGLRenderer } from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { dressStage } from "../viewer/stage";

type View = { position: [number, number, number]; target: [number, number, number] };

declare global {
  interface Window {
    renderStills(glbBase64: string, views: View[], width: number, height: number): Promise<string[]>;
  }
}

window.renderStills = async (glbBase64, views, width, height) => {
  const bytes = Uint8Array.from(atob(glbBase64), (c) => c.charCodeAt(0));
  const gltf = await new GLTFLoader().parseAsync(bytes.buffer, "");
  const canvas = document.createElement("canvas");
  document.body.append(canvas);
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  // As React Three Fiber sets it up in the viewer.
  renderer.toneMapping = ACESFilmicToneMapping;
  renderer.setPixelRatio(1);
  renderer.setSize(width, height, false);
  const scene = new Scene();
  dressStage(scene);
  scene.add(gltf.scene);
  // The viewer's camera (fov 55).
  const camera = new PerspectiveCamera(55, width / height, 0.1, 600);
  const out: string[] = [];
  for (const view of views) {
    camera.position.set(...view.position);
    camera.lookAt(...view.target);
    renderer.render(scene, camera);
    out.push(canvas.toDataURL("image/png"));
  }
  renderer.dispose();
  canvas.remove();
  return out;
};

// The light and sky every scene is shown in, the same in the viewer and in the stills rendered at
// generation time: a procedural sky colour, hemisphere light and a late-morning sun. Nothing is
// downloaded (no HDRI): an environment map would cost seconds of PMREM work on a software renderer.
import { Color, DirectionalLight, Fog, HemisphereLight, type Scene } from "three";

export const SKY = "#cfe2f0";

export function dressStage(scene: Scene): () => void {
  scene.background = new Color(SKY);
  scene.fog = new Fog(SKY, 90, 320);
  const hemisphere = new HemisphereLight("#e8f1fb", "#a39a86", 1.6);
  const sun = new DirectionalLight("#fff3df", 2.4);
  sun.position.set(-30, 60, 25);
  scene.add(hemisphere, sun);
  return () => {
    scene.remove(hemisphere, sun);
    hemisphere.dispose();
    sun.dispose();
  };
}

// The demo square in 3D: the scene "La place en 3D" of the project "Réaménager la place de la
// Fontaine", with its existing state and variants A and B. Everything goes through what an official
// does: createScene, addVariant (text description, poster, authored viewpoints), a still per
// viewpoint, and the model through the upload pipeline (validated, optimised, measured) before
// attachModel. The models are generated here from code (scenes/generator: same code, same bytes);
// the stills were rendered once in headless Chromium and are committed (scenes/demo/stills).
import fs from "node:fs/promises";
import { actorOfMember } from "../../app/modules/scenes/queries.server";
import { addVariant, attachModel, createScene, setViewpointStill } from "../../app/modules/scenes/commands.server";
import { processGlb } from "../../app/modules/scenes/pipeline/pipeline.server";
import type { Db } from "../../app/utils/db.server";
import { generatePlace } from "../../scenes/generator/place";
import { PLACE_CONTENT, PLACE_SCENE } from "../../scenes/generator/place-content";
import { stillFile } from "../../scenes/generator/stills-files";

export async function seedDemoScenes(db: Db, input: { organizationId: number; projectId: number; officialId: number }): Promise<{ sceneId: number }> {
  const actor = await actorOfMember(db, input.organizationId, input.officialId);
  if (!actor) throw new Error("demo seed: the official of the demo scene is missing");
  const scene = await createScene(db, actor, { projectId: input.projectId, title: PLACE_SCENE.title, summary: PLACE_SCENE.description });
  if (!scene.ok) throw new Error(`demo seed: scene refused: ${JSON.stringify(scene)}`);
  for (const content of PLACE_CONTENT) {
    const stills = await Promise.all(content.viewpoints.map((_, i) => fs.readFile(stillFile(content.variant, i))));
    const added = await addVariant(db, actor, {
      sceneId: scene.sceneId,
      title: content.title,
      description: content.description,
      // The poster is the first viewpoint's still: what the 3D view shows first.
      poster: { image: { data: stills[0]!, name: `place-${content.variant}-affiche.webp` }, alt: content.viewpoints[0]!.caption },
      viewpoints: content.viewpoints.map((v) => ({ name: v.name, caption: v.caption, camera: v.position, target: v.target })),
    });
    if (!added.ok) throw new Error(`demo seed: variant ${content.variant} refused: ${JSON.stringify(added)}`);
    for (const [index, viewpointId] of added.viewpointIds.entries()) {
      const still = await setViewpointStill(db, actor, {
        variantId: added.variantId,
        viewpointId,
        image: { data: stills[index]!, name: `place-${content.variant}-${index + 1}.webp` },
      });
      if (!still.ok) throw new Error(`demo seed: still ${index + 1} of ${content.variant} refused: ${JSON.stringify(still)}`);
    }
    const original = await generatePlace(content.variant);
    const processed = await processGlb(original);
    if (!processed.ok) throw new Error(`demo seed: the pipeline refused ${content.variant}: ${JSON.stringify(processed.refusal)}`);
    const attached = await attachModel(db, actor, {
      variantId: added.variantId,
      glb: Buffer.from(processed.glb),
      original: Buffer.from(original),
      originalName: `place-de-la-mairie-${content.variant}.glb`,
      report: processed.report,
    });
    if (!attached.ok) throw new Error(`demo seed: model of ${content.variant} refused: ${JSON.stringify(attached)}`);
  }
  return { sceneId: scene.sceneId };
}

// `npm run scenes:generate`: writes the demo scenes' GLB files to scenes/demo/ (git-ignored; the demo
// seed generates them itself) and prints each one's size and SHA-256.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { generatePlace, PLACE_VARIANTS } from "./place";

const out = path.resolve(import.meta.dirname, "..", "demo");
fs.mkdirSync(out, { recursive: true });
for (const variant of PLACE_VARIANTS) {
  const glb = await generatePlace(variant);
  const file = path.join(out, `place-de-la-mairie-${variant}.glb`);
  fs.writeFileSync(file, glb);
  const hash = crypto.createHash("sha256").update(glb).digest("hex");
  console.log(`${path.relative(process.cwd(), file)}  ${(glb.length / 1024).toFixed(1)} KiB  sha256 ${hash}`);
}

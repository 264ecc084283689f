// `npm run scenes:stills`: renders the captioned stills of the demo scenes once, in headless
// Chromium (software WebGL), with the viewer's own sky and lights, and writes them as WebP to
// scenes/demo/stills/<variant>-<viewpoint>.webp (committed: the seed needs no browser). The first
// viewpoint's still is also the variant's poster. Run again after changing the generator.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "@playwright/test";
import sharp from "sharp";
import { generatePlace } from "./place";
import { PLACE_CONTENT } from "./place-content";

import { stillFile } from "./stills-files";

const STILLS_DIR = path.resolve(import.meta.dirname, "..", "demo", "stills");
const STILL_WIDTH = 960;
const STILL_HEIGHT = 540;

async function main() {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, "stills-page.ts")],
    bundle: true,
    format: "iife",
    write: false,
    logLevel: "warning",
  });
  const script = bundle.outputFiles[0]!.text;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--enable-unsafe-swiftshader", "--disable-background-networking", "--use-angle=swiftshader"],
  });
  try {
    const page = await browser.newPage();
    // Nothing leaves the machine: every request is refused.
    await page.route("**/*", (route) => route.abort());
    await page.setContent(`<!doctype html><html><body style="margin:0"><script>${script.replace(/<\/script/g, "<\\/script")}</script></body></html>`);
    fs.mkdirSync(STILLS_DIR, { recursive: true });
    for (const content of PLACE_CONTENT) {
      const glb = await generatePlace(content.variant);
      const views = content.viewpoints.map((v) => ({ position: v.position, target: v.target }));
      const urls = await page.evaluate(
        ([b64, v, w, h]) => window.renderStills(b64, v, w, h),
        [Buffer.from(glb).toString("base64"), views, STILL_WIDTH, STILL_HEIGHT] as const,
      );
      for (const [index, url] of urls.entries()) {
        const png = Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
        const file = stillFile(content.variant, index, STILLS_DIR);
        await sharp(png).webp({ quality: 72, effort: 6 }).toFile(file);
        console.log(`${path.relative(process.cwd(), file)}  ${(fs.statSync(file).size / 1024).toFixed(1)} KiB`);
      }
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();

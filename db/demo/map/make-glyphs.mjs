// Writes the map's label glyphs: public/map/fonts/Noto Sans Regular/{0-255,256-511,8192-8447}.pbf,
// signed distance fields in the PBF format maplibre reads from a style's `glyphs` URL. Run once by
// hand when the font or the ranges change (`node db/demo/map/make-glyphs.mjs`); the files are
// committed, so that nothing is generated at start-up and nothing is fetched from the internet.
//
// The outlines come from Noto Sans (SIL Open Font License 1.1, the @fontsource/noto-sans package),
// read by opentype.js, rasterized by sharp; the distance field is maplibre's own TinySDF, given the
// rasterized bitmap instead of a browser canvas. 24 px, 3 px border, radius 8, cutoff 0.25: the
// values maplibre expects of glyph PBFs.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import opentype from "opentype.js";
import sharp from "sharp";
import TinySDF from "@mapbox/tiny-sdf";
import { PbfWriter } from "pbf";

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("@fontsource/noto-sans/package.json")), "files");
const FONT_FILES = ["noto-sans-latin-400-normal.woff", "noto-sans-latin-ext-400-normal.woff"];
export const FONT_STACK = "Noto Sans Regular";
/** Latin-1, Latin Extended (œ, Œ, ŷ…), and general punctuation (’ – … ‑). */
export const RANGES = [0, 256, 8192];
const SIZE = 24;
const BUFFER = 3;
/** maplibre's PBF glyphs hang from a line 27.5 px above the baseline at 24 px (its local glyphs use the same). */
const TOP_ADJUSTMENT = 27;

const OUT_DIR = path.resolve("public/map/fonts", FONT_STACK);
const fonts = FONT_FILES.map((file) => opentype.loadSync(path.join(FONT_DIR, file)));

/** The font that has a real outline for this code point, or null. */
function fontFor(codePoint) {
  for (const font of fonts) {
    const glyph = font.charToGlyph(String.fromCodePoint(codePoint));
    if (glyph && glyph.index !== 0) return { font, glyph };
  }
  return null;
}

/** Box of the glyph at SIZE px, on whole pixels, and its coverage bitmap (alpha) rasterized by sharp. */
async function rasterize({ font, glyph }) {
  const scale = SIZE / font.unitsPerEm;
  const advance = glyph.advanceWidth * scale;
  const box = glyph.getBoundingBox();
  const empty = box.x1 === box.x2 || box.y1 === box.y2;
  if (empty) return { advance, glyphTop: 0, glyphLeft: 0, glyphWidth: 0, glyphHeight: 0, alpha: null };
  const glyphTop = Math.ceil(box.y2 * scale);
  const glyphLeft = Math.floor(box.x1 * scale);
  const glyphWidth = Math.max(1, Math.ceil(box.x2 * scale) - glyphLeft);
  const glyphHeight = Math.max(1, glyphTop + Math.ceil(-box.y1 * scale));
  const d = glyph.getPath(-glyphLeft, glyphTop, SIZE).toPathData(3);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${glyphWidth}" height="${glyphHeight}"><path d="${d}" fill="#000"/></svg>`;
  const alpha = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  return { advance, glyphTop, glyphLeft, glyphWidth, glyphHeight, alpha };
}

/** TinySDF draws on a canvas; here its "canvas" hands back the bitmap sharp made. */
class BitmapSDF extends TinySDF {
  _createCanvas() {
    // Called from TinySDF's constructor; the raster is read at draw time through this holder.
    const holder = (this.holder = { current: null });
    const ctx = {
      measureText() {
        const r = holder.current;
        return {
          width: r.advance,
          actualBoundingBoxAscent: r.glyphTop,
          actualBoundingBoxDescent: r.glyphHeight - r.glyphTop,
          actualBoundingBoxLeft: -r.glyphLeft,
          actualBoundingBoxRight: r.glyphLeft + r.glyphWidth,
        };
      },
      clearRect() {},
      fillText() {},
      getImageData(_x, _y, w, h) {
        const data = new Uint8ClampedArray(w * h * 4);
        const r = holder.current;
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(y * w + x) * 4 + 3] = r.alpha[y * r.glyphWidth + x];
        return { data };
      },
    };
    return { getContext: () => ctx };
  }
  drawRaster(raster) {
    this.holder.current = raster;
    return this.draw("x");
  }
}

const sdf = new BitmapSDF({ fontSize: SIZE, buffer: BUFFER, radius: 8, cutoff: 0.25 });

async function glyphsOfRange(start) {
  const glyphs = [];
  for (let codePoint = start; codePoint < start + 256; codePoint++) {
    const found = fontFor(codePoint);
    if (!found) continue;
    const raster = await rasterize(found);
    const advance = Math.round(raster.advance);
    if (!raster.alpha) {
      glyphs.push({ id: codePoint, bitmap: null, width: 0, height: 0, left: 0, top: -TOP_ADJUSTMENT, advance });
      continue;
    }
    const drawn = sdf.drawRaster(raster);
    glyphs.push({
      id: codePoint,
      bitmap: Buffer.from(drawn.data),
      width: drawn.glyphWidth,
      height: drawn.glyphHeight,
      left: drawn.glyphLeft,
      top: drawn.glyphTop - TOP_ADJUSTMENT,
      advance,
    });
  }
  return glyphs;
}

function encode(start, glyphs) {
  const pbf = new PbfWriter();
  pbf.writeMessage(
    1,
    (_, stack) => {
      stack.writeStringField(1, FONT_STACK);
      stack.writeStringField(2, `${start}-${start + 255}`);
      for (const g of glyphs) {
        stack.writeMessage(
          3,
          (_glyph, p) => {
            p.writeVarintField(1, g.id);
            if (g.bitmap) p.writeBytesField(2, g.bitmap);
            p.writeVarintField(3, g.width);
            p.writeVarintField(4, g.height);
            p.writeSVarintField(5, g.left);
            p.writeSVarintField(6, g.top);
            p.writeVarintField(7, g.advance);
          },
          g,
        );
      }
    },
    null,
  );
  return Buffer.from(pbf.finish());
}

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const start of RANGES) {
  const glyphs = await glyphsOfRange(start);
  const file = path.join(OUT_DIR, `${start}-${start + 255}.pbf`);
  fs.writeFileSync(file, encode(start, glyphs));
  console.log(`${path.relative(process.cwd(), file)}: ${glyphs.length} glyphs`);
}

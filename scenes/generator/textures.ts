// Procedural textures of the demo scenes, drawn pixel by pixel from a seeded generator and encoded
// by sharp (JPEG: no alpha needed, a tenth of a PNG of noise). Same seed, same bytes.
import sharp from "sharp";
import { random } from "./random";

export type TextureName = "asphalt" | "limestone" | "terracotta" | "facade" | "lawn";

type Rgb = [number, number, number];

const SIZE = 256;

function canvas() {
  return Buffer.alloc(SIZE * SIZE * 3);
}

function put(data: Buffer, x: number, y: number, [r, g, b]: Rgb) {
  const i = (y * SIZE + x) * 3;
  data[i] = clamp(r);
  data[i + 1] = clamp(g);
  data[i + 2] = clamp(b);
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

function fill(data: Buffer, colour: (x: number, y: number) => Rgb) {
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) put(data, x, y, colour(x, y));
}

/** Slabs or bricks in rows: `cols` × `rows` per tile, every other row shifted by `offset` of a slab. */
function paving(seed: number, { cols, rows, offset, base, spread, joint, jointWidth }: { cols: number; rows: number; offset: number; base: Rgb; spread: number; joint: Rgb; jointWidth: number }) {
  const rnd = random(seed);
  const tints = Array.from({ length: cols * rows }, () => (rnd() - 0.5) * spread);
  const grain = Array.from({ length: SIZE * SIZE }, () => (rnd() - 0.5) * 14);
  const w = SIZE / cols;
  const h = SIZE / rows;
  const data = canvas();
  fill(data, (x, y) => {
    const row = Math.floor(y / h);
    const shifted = (x + (row % 2) * offset * w) % SIZE;
    const col = Math.floor(shifted / w);
    const inJoint = shifted % w < jointWidth || y % h < jointWidth;
    const g = grain[y * SIZE + x]!;
    if (inJoint) return [joint[0] + g, joint[1] + g, joint[2] + g];
    const t = tints[row * cols + col]!;
    return [base[0] + t + g, base[1] + t + g, base[2] + t * 0.9 + g];
  });
  return data;
}

function draw(name: TextureName): Buffer {
  switch (name) {
    case "asphalt": {
      const rnd = random(11);
      const data = canvas();
      fill(data, () => {
        const v = 78 + (rnd() - 0.5) * 38 + (rnd() < 0.02 ? 40 : 0);
        return [v, v, v + 3];
      });
      return data;
    }
    case "limestone":
      // Large pale slabs, 2 × 4 per tile, half-offset rows.
      return paving(23, { cols: 2, rows: 4, offset: 0.5, base: [214, 202, 178], spread: 26, joint: [160, 150, 132], jointWidth: 3 });
    case "terracotta":
      // Small warm bricks, 8 × 16 per tile.
      return paving(37, { cols: 8, rows: 16, offset: 0.5, base: [176, 98, 66], spread: 40, joint: [196, 180, 160], jointWidth: 2 });
    case "lawn": {
      const rnd = random(41);
      const data = canvas();
      fill(data, () => {
        const v = (rnd() - 0.5) * 40;
        return [78 + v * 0.6, 128 + v, 58 + v * 0.5];
      });
      return data;
    }
    case "facade": {
      // One bay of one floor (4 m × 3 m): pale plaster that the material tints, a tall window with
      // its stone frame and shutters. Rows are half as tall as columns are wide: the tile is 4 × 3.
      const rnd = random(53);
      const data = canvas();
      fill(data, (x, y) => {
        const g = (rnd() - 0.5) * 10;
        const inFrame = x >= 92 && x < 164 && y >= 48 && y < 224;
        const inGlass = x >= 100 && x < 156 && y >= 56 && y < 216;
        const inShutter = y >= 52 && y < 220 && ((x >= 64 && x < 90) || (x >= 166 && x < 192));
        if (inGlass) {
          const bar = x === 127 || x === 128 || y === 110 || y === 111 || y === 162 || y === 163;
          return bar ? [235, 232, 225] : [62 + g, 78 + g, 96 + g + (y - 56) * 0.15];
        }
        if (inFrame) return [238 + g, 234 + g, 224 + g];
        if (inShutter) return y % 8 < 2 ? [70, 96, 90] : [92 + g, 124 + g, 116 + g];
        if (y >= 248) return [200 + g, 196 + g, 188 + g]; // the floor's stone band
        return [246 + g, 242 + g, 234 + g];
      });
      return data;
    }
  }
}

/** The texture as JPEG bytes; identical for identical inputs. */
export async function renderTexture(name: TextureName): Promise<Uint8Array> {
  const jpeg = await sharp(draw(name), { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .jpeg({ quality: 82, mozjpeg: false, chromaSubsampling: "4:2:0" })
    .toBuffer();
  return new Uint8Array(jpeg);
}

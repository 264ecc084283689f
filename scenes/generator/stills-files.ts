// Where the committed stills of the demo scenes are (scenes/demo/stills/<variant>-<n>.webp), for the
// stills renderer and the demo seed. The seed may run from the sources (tsx) or bundled into the
// server build: the folder is looked for beside this file, then under the working directory.
import fs from "node:fs";
import path from "node:path";

const CANDIDATES = [path.resolve(import.meta.dirname ?? ".", "..", "demo", "stills"), path.resolve(process.cwd(), "scenes", "demo", "stills")];

export function stillsDir(): string {
  return CANDIDATES.find((dir) => fs.existsSync(dir)) ?? CANDIDATES[0]!;
}

export const stillFile = (variant: string, index: number, dir = stillsDir()) => path.join(dir, `${variant}-${index + 1}.webp`);

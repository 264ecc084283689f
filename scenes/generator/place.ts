// The demo scene: a town square of 60 × 40 m (x from -30 to 30, z from -20 to 20; north is -z) with
// a street around it and a closed ring of façades, the town hall on the north side. Three states:
// - existing: asphalt, a car park, the dry fountain, four trees, a few lamps;
// - a: pale limestone, the fountain in water, two rows of plane trees, benches, lanterns;
// - b: terracotta bricks, a kiosk in the centre, a water mirror before the town hall, lawns with
//   groves of young trees, long benches, tall light masts.
// Everything is drawn from seeded random numbers: the same code gives the same bytes.
import { SceneBuilder, type Instance, type MaterialSpec } from "./builder";
import { addBlob, addBox, addCylinder, addPitchedRoof, addSlab, emptyMesh, type MeshData } from "./geometry";
import { random } from "./random";
import { renderTexture } from "./textures";

export type PlaceVariant = "existing" | "a" | "b";
export const PLACE_VARIANTS: PlaceVariant[] = ["existing", "a", "b"];

/** Where the façades start: the walkable ground is inside. */
export const FACADE_X = 37;
export const FACADE_Z = 27;
const DEPTH = 10;

type Material = ReturnType<SceneBuilder["material"]>;

export async function generatePlace(variant: PlaceVariant): Promise<Uint8Array> {
  const b = new SceneBuilder(`Place de la Mairie (${variant})`);
  const textures = {
    asphalt: await renderTexture("asphalt"),
    facade: await renderTexture("facade"),
    limestone: variant === "a" ? await renderTexture("limestone") : null,
    terracotta: variant === "b" ? await renderTexture("terracotta") : null,
    lawn: variant === "b" ? await renderTexture("lawn") : null,
  };
  const m = (name: string, spec: MaterialSpec) => b.material(name, spec);
  const stone = m("stone", { colour: "#cfc6b6", roughness: 0.85 });
  const darkMetal = m("dark-metal", { colour: "#2f3336", roughness: 0.5, metallic: 0.6 });
  const lampLight = m("lamp-light", { colour: "#fff4d6", emissive: "#ffe2a0" });
  const bark = m("bark", { colour: "#5d4636" });
  const wood = m("wood", { colour: "#9a6a44", roughness: 0.7 });
  const water = m("water", { colour: "#5f9fc4", roughness: 0.08, metallic: 0.1, opacity: 0.88 });

  // Ground: the street ring in asphalt, the square itself on top.
  const street = emptyMesh();
  addSlab(street, [0, 0, 0], FACADE_X * 2, FACADE_Z * 2, 6);
  b.place("street", [[street, m("asphalt", { colour: "#ffffff", texture: textures.asphalt, roughness: 0.95 })]]);
  const sidewalk = emptyMesh();
  for (const sx of [-1, 1]) addBox(sidewalk, { at: [sx * (FACADE_X - 1.25), 0, 0], size: [2.5, 0.14, FACADE_Z * 2] });
  for (const sz of [-1, 1]) addBox(sidewalk, { at: [0, 0, sz * (FACADE_Z - 1.25)], size: [FACADE_X * 2 - 5, 0.14, 2.5] });
  b.place("sidewalks", [[sidewalk, m("sidewalk", { colour: "#b9b2a6", roughness: 0.9 })]]);

  const square = emptyMesh();
  const surface =
    variant === "a"
      ? m("limestone", { colour: "#ffffff", texture: textures.limestone!, roughness: 0.8 })
      : variant === "b"
        ? m("terracotta", { colour: "#ffffff", texture: textures.terracotta!, roughness: 0.85 })
        : m("asphalt", { colour: "#ffffff" });
  // The square's slab is raised by a kerb of 10 cm.
  addBox(square, { at: [0, 0, 0], size: [60, 0.1, 40], repeat: [variant === "b" ? 3 : 4, variant === "b" ? 3 : 4] });
  b.place("square", [[square, surface]]);

  buildFacades(b, textures.facade);
  const lamps: Instance[] = [];

  if (variant === "existing") {
    buildCarPark(b);
    buildFountain(b, stone, null, water);
    trees(b, "existing", [-26, 26].flatMap((x) => [-16, 16].map((z) => ({ position: [x, 0.1, z] as [number, number, number] }))), "#4f7a3c", bark);
    for (const x of [-27, -9, 9, 27]) for (const z of [-18.5, 18.5]) lamps.push({ position: [x, 0.1, z] });
    b.instances("lamps", lampMesh("highway", darkMetal, lampLight), lamps);
  } else if (variant === "a") {
    buildFountain(b, stone, water, water);
    const rnd = random(101);
    const rows: Instance[] = [];
    for (const z of [-14, 14]) for (let i = 0; i < 8; i++) rows.push({ position: [-24.5 + i * 7, 0.1, z], rotation: rnd() * Math.PI * 2, scale: 0.9 + rnd() * 0.25 });
    trees(b, "plane-trees", rows, "#5b8f43", bark);
    const benches: Instance[] = [];
    for (let i = 0; i < 8; i++) {
      const angle = (i / 8) * Math.PI * 2 + Math.PI / 8;
      benches.push({ position: [Math.cos(angle) * 8, 0.1, Math.sin(angle) * 8], rotation: -angle - Math.PI / 2 });
    }
    for (const z of [-11, 11]) for (const x of [-21, -7, 7, 21]) benches.push({ position: [x, 0.1, z], rotation: z < 0 ? 0 : Math.PI });
    b.instances("benches", benchMesh(wood, darkMetal, 2), benches);
    for (const x of [-28, -17, -6, 6, 17, 28]) for (const z of [-19, 19]) lamps.push({ position: [x, 0.1, z] });
    for (const x of [-28, 28]) for (const z of [-6, 6]) lamps.push({ position: [x, 0.1, z] });
    b.instances("lamps", lampMesh("lantern", darkMetal, lampLight), lamps);
  } else {
    buildKiosk(b, stone, m("kiosk-roof", { colour: "#5f7f78", roughness: 0.5, metallic: 0.3 }), m("kiosk-wood", { colour: "#e9e2d0", roughness: 0.7 }));
    const mirror = emptyMesh();
    addSlab(mirror, [0, 0.115, -11], 16, 4);
    const edge = emptyMesh();
    addBox(edge, { at: [0, 0.1, -11], size: [16.6, 0.012, 4.6] });
    b.place("water-mirror", [
      [edge, stone],
      [mirror, water],
    ]);
    const lawn = m("lawn", { colour: "#ffffff", texture: textures.lawn!, roughness: 1 });
    const lawns = emptyMesh();
    const groves: [number, number][] = [
      [-20, -9],
      [20, -9],
      [-20, 10],
      [20, 10],
    ];
    for (const [x, z] of groves) addBox(lawns, { at: [x, 0.1, z], size: [14, 0.06, 8], repeat: [3, 3] });
    b.place("lawns", [[lawns, lawn]]);
    const rnd = random(202);
    const young: Instance[] = [];
    for (const [x, z] of groves) {
      for (let i = 0; i < 3; i++) young.push({ position: [x - 4.5 + i * 4.5 + (rnd() - 0.5), 0.16, z + (rnd() - 0.5) * 3], rotation: rnd() * 6, scale: 0.7 + rnd() * 0.2 });
    }
    trees(b, "young-trees", young, "#8fb04a", bark);
    const benches: Instance[] = [];
    for (const [x, z] of groves) benches.push({ position: [x, 0.1, z + (z < 0 ? 4.8 : -4.8)], rotation: z < 0 ? 0 : Math.PI });
    for (const x of [-9, 9]) benches.push({ position: [x, 0.1, 0], rotation: x < 0 ? Math.PI / 2 : -Math.PI / 2 });
    b.instances("benches", benchMesh(wood, darkMetal, 4.5), benches);
    for (const [x, z] of [
      [-29, -19],
      [29, -19],
      [-29, 19],
      [29, 19],
      [0, 19],
      [-12, -19],
      [12, -19],
    ] as [number, number][])
      lamps.push({ position: [x, 0.1, z] });
    b.instances("lamps", lampMesh("mast", darkMetal, lampLight), lamps);
  }

  // What the viewer needs to know beyond the geometry: the ground one may walk on.
  b.setExtras({ maquette: { walkable: { minX: -FACADE_X + 0.4, maxX: FACADE_X - 0.4, minZ: -FACADE_Z + 0.4, maxZ: FACADE_Z - 0.4 } } });
  return b.toGlb();
}

/** The ring of buildings: rows along each side, corners filled, heights and tints drawn at random. */
function buildFacades(b: SceneBuilder, facadeTexture: Uint8Array) {
  const rnd = random(7);
  const tints = ["#efe3cf", "#e8cfae", "#f3e9dc", "#dcc3a4"];
  const walls = tints.map(() => emptyMesh());
  const roofs = emptyMesh();
  const slate = emptyMesh();
  const cornices = emptyMesh();
  const building = (x: number, z: number, width: number, rotation: number, height: number, roof: "tiles" | "slate" | "flat") => {
    const tint = Math.floor(rnd() * tints.length);
    addBox(walls[tint]!, { at: [x, 0, z], size: [width, height, DEPTH], rotation, repeat: [4, 3] });
    addBox(cornices, { at: [x, height, z], size: [width + 0.3, 0.35, DEPTH + 0.3], rotation });
    if (roof === "flat") return;
    addPitchedRoof(roof === "tiles" ? roofs : slate, { at: [x, height + 0.35, z], size: [width + 0.3, 3 + rnd() * 1.5, DEPTH + 0.3], rotation });
  };
  const row = (from: number, to: number, place: (centre: number, width: number) => void) => {
    let at = from;
    while (at < to - 0.5) {
      const width = Math.min(to - at, 8 + Math.floor(rnd() * 6));
      place(at + width / 2, width);
      at += width;
    }
  };
  const height = () => 3 * (3 + Math.floor(rnd() * 3)) + 0.6;
  const roof = () => (rnd() < 0.6 ? "tiles" : rnd() < 0.7 ? "slate" : "flat");
  // North side: the town hall in the middle (x from -11 to 11).
  const [north, south, east, west] = [-(FACADE_Z + DEPTH / 2), FACADE_Z + DEPTH / 2, FACADE_X + DEPTH / 2, -(FACADE_X + DEPTH / 2)];
  const span = FACADE_X + DEPTH;
  row(-span, -11, (c, w) => building(c, north, w, 0, height(), roof()));
  row(11, span, (c, w) => building(c, north, w, 0, height(), roof()));
  row(-span, span, (c, w) => building(c, south, w, Math.PI, height(), roof()));
  row(-FACADE_Z, FACADE_Z, (c, w) => building(east, c, w, -Math.PI / 2, height(), roof()));
  row(-FACADE_Z, FACADE_Z, (c, w) => building(west, c, w, Math.PI / 2, height(), roof()));
  tints.forEach((tint, i) => b.place(`facades-${i + 1}`, [[walls[i]!, b.material(`facade-${i + 1}`, { colour: tint, texture: facadeTexture })]]));
  b.place("roofs", [
    [roofs, b.material("roof-tiles", { colour: "#a4553a", roughness: 0.8 })],
    [slate, b.material("roof-slate", { colour: "#4e555c", roughness: 0.6 })],
    [cornices, b.material("cornice", { colour: "#e4dccd" })],
  ]);

  // The town hall: wider, taller, pale stone, a pediment, a clock, the flag.
  const hall = emptyMesh();
  addBox(hall, { at: [0, 0, north], size: [22, 15.6, DEPTH + 1], repeat: [4, 3] });
  const hallRoof = emptyMesh();
  addPitchedRoof(hallRoof, { at: [0, 15.6, north], size: [22.4, 4.5, DEPTH + 1.4] });
  const pediment = emptyMesh();
  addBox(pediment, { at: [0, 0, north + DEPTH / 2 + 0.5], size: [8, 13, 1.2], repeat: [4, 3] });
  addPitchedRoof(pediment, { at: [0, 13, north + DEPTH / 2 + 0.5], size: [8.6, 2.6, 1.2], rotation: 0 });
  // Two low steps before the door (one climbs them; the façade behind stops the walker).
  const steps = emptyMesh();
  addBox(steps, { at: [0, 0, north + DEPTH / 2 + 2.4], size: [12, 0.3, 3.2] });
  // The clock and the door, on the front of the pediment.
  const clock = emptyMesh();
  addBox(clock, { at: [0, 10.3, north + DEPTH / 2 + 1.12], size: [1.6, 1.6, 0.06] });
  const door = emptyMesh();
  addBox(door, { at: [0, 0.3, north + DEPTH / 2 + 1.12], size: [2.4, 3.4, 0.06] });
  const flag = emptyMesh();
  addBox(flag, { at: [0, 15.6 + 4.5, north], size: [0.08, 3, 0.08] });
  const blue = emptyMesh();
  const white = emptyMesh();
  const red = emptyMesh();
  addBox(blue, { at: [0.35, 21.6, north], size: [0.6, 1, 0.04] });
  addBox(white, { at: [0.95, 21.6, north], size: [0.6, 1, 0.04] });
  addBox(red, { at: [1.55, 21.6, north], size: [0.6, 1, 0.04] });
  b.place("town-hall", [
    [hall, b.material("town-hall", { colour: "#f6efe2", texture: facadeTexture })],
    [hallRoof, b.material("roof-slate", { colour: "#4e555c" })],
    [pediment, b.material("town-hall-stone", { colour: "#e9dfcc", texture: facadeTexture })],
    [steps, b.material("cornice", { colour: "#e4dccd" })],
    [clock, b.material("clock", { colour: "#1f2a44", roughness: 0.4 })],
    [door, b.material("door", { colour: "#4a2f22", roughness: 0.6 })],
    [flag, b.material("dark-metal", { colour: "#2f3336" })],
    [blue, b.material("flag-blue", { colour: "#1f3f9a" })],
    [white, b.material("flag-white", { colour: "#f4f4f4" })],
    [red, b.material("flag-red", { colour: "#d2232a" })],
  ]);
}

function buildCarPark(b: SceneBuilder) {
  const rnd = random(303);
  const lines = emptyMesh();
  const slots: Instance[][] = [[], [], []];
  for (const z of [-12, -6, 6, 12]) {
    for (let i = 0; i < 10; i++) {
      const x = -24 + i * 2.6 + (i >= 5 ? 22 : 0);
      addBox(lines, { at: [x - 1.3, 0.1, z], size: [0.12, 0.01, 5] });
      if (rnd() < 0.8) slots[Math.floor(rnd() * 3)]!.push({ position: [x, 0.1, z + (rnd() - 0.5) * 0.3], rotation: Math.PI / 2 + (rnd() - 0.5) * 0.08 });
    }
  }
  b.place("parking-lines", [[lines, b.material("paint", { colour: "#f2f2ee" })]]);
  const colours = ["#b23a32", "#dfe2e6", "#3a4f6e"];
  const glass = b.material("car-glass", { colour: "#27313b", roughness: 0.2, metallic: 0.4 });
  slots.forEach((instances, i) => {
    const body = emptyMesh();
    addBox(body, { at: [0, 0.25, 0], size: [4.2, 0.75, 1.8] });
    const cabin = emptyMesh();
    addBox(cabin, { at: [-0.2, 1, 0], size: [2.3, 0.6, 1.6] });
    b.instances(`cars-${i + 1}`, [
      [body, b.material(`car-${i + 1}`, { colour: colours[i]!, roughness: 0.35, metallic: 0.5 })],
      [cabin, glass],
    ], instances);
  });
}

function buildFountain(b: SceneBuilder, stone: Material, water: Material | null, _jet: Material) {
  const basin = emptyMesh();
  addCylinder(basin, { at: [0, 0.1, 0], radius: 4, height: 0.6, segments: 24 });
  addCylinder(basin, { at: [0, 0.1, 0], radius: 0.45, height: 2.4, segments: 10 });
  addCylinder(basin, { at: [0, 2, 0], radius: 1.4, topRadius: 1.6, height: 0.3, segments: 16 });
  const inside = emptyMesh();
  addCylinder(inside, { at: [0, 0.1, 0], radius: 3.6, height: water ? 0.55 : 0.62, segments: 24 });
  const parts: [MeshData, Material][] = [
    [basin, stone],
    [inside, water ?? b.material("dry-basin", { colour: "#8d8778", roughness: 1 })],
  ];
  if (water) {
    const jet = emptyMesh();
    addCylinder(jet, { at: [0, 2.3, 0], radius: 0.12, topRadius: 0.04, height: 1.2, segments: 8 });
    addCylinder(jet, { at: [0, 2.2, 0], radius: 1.3, height: 0.12, segments: 16 });
    parts.push([jet, water]);
  }
  b.place("fountain", parts);
}

function buildKiosk(b: SceneBuilder, stone: Material, roof: Material, columns: Material) {
  const base = emptyMesh();
  addCylinder(base, { at: [0, 0.1, 0], radius: 5.5, height: 0.8, segments: 8 });
  const steps = emptyMesh();
  addBox(steps, { at: [0, 0.1, 5.6], size: [2.4, 0.4, 1.2] });
  const top = emptyMesh();
  addCylinder(top, { at: [0, 4.1, 0], radius: 6.2, topRadius: 0.3, height: 2.6, segments: 8 });
  addCylinder(top, { at: [0, 6.7, 0], radius: 0.3, topRadius: 0, height: 1, segments: 8 });
  b.place("kiosk", [
    [base, stone],
    [steps, stone],
    [top, roof],
  ]);
  const column = emptyMesh();
  addCylinder(column, { at: [0, 0, 0], radius: 0.14, height: 3.2, segments: 8 });
  const posts: Instance[] = [];
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2 + Math.PI / 8;
    posts.push({ position: [Math.cos(a) * 5, 0.9, Math.sin(a) * 5] });
  }
  b.instances("kiosk-columns", [[column, columns]], posts);
}

function trees(b: SceneBuilder, name: string, instances: Instance[], leaves: string, bark: Material) {
  const trunk = emptyMesh();
  addCylinder(trunk, { at: [0, 0, 0], radius: 0.22, topRadius: 0.16, height: 3.4, segments: 7 });
  const crown = emptyMesh();
  addBlob(crown, { at: [0, 5.2, 0], radii: [2.6, 2.3, 2.6] });
  addBlob(crown, { at: [0.9, 6.4, 0.4], radii: [1.6, 1.4, 1.6], rings: 5, segments: 8 });
  b.instances(name, [
    [trunk, bark],
    [crown, b.material(`leaves-${name}`, { colour: leaves, roughness: 0.95 })],
  ], instances);
}

function benchMesh(wood: Material, metal: Material, length: number): [MeshData, Material][] {
  const seat = emptyMesh();
  addBox(seat, { at: [0, 0.42, 0], size: [length, 0.06, 0.45] });
  addBox(seat, { at: [0, 0.5, -0.22], size: [length, 0.4, 0.05] });
  const legs = emptyMesh();
  for (const x of [-length / 2 + 0.2, length / 2 - 0.2]) addBox(legs, { at: [x, 0, -0.05], size: [0.06, 0.42, 0.4] });
  return [
    [seat, wood],
    [legs, metal],
  ];
}

function lampMesh(kind: "highway" | "lantern" | "mast", metal: Material, light: Material): [MeshData, Material][] {
  const pole = emptyMesh();
  const head = emptyMesh();
  if (kind === "highway") {
    addCylinder(pole, { at: [0, 0, 0], radius: 0.09, topRadius: 0.06, height: 8, segments: 6 });
    addBox(pole, { at: [0.8, 7.9, 0], size: [1.8, 0.1, 0.1] });
    addBox(head, { at: [1.6, 7.72, 0], size: [0.7, 0.18, 0.3] });
  } else if (kind === "lantern") {
    addCylinder(pole, { at: [0, 0, 0], radius: 0.1, topRadius: 0.06, height: 3.6, segments: 8 });
    addCylinder(head, { at: [0, 3.6, 0], radius: 0.22, topRadius: 0.3, height: 0.5, segments: 6 });
    addCylinder(pole, { at: [0, 4.1, 0], radius: 0.34, topRadius: 0, height: 0.3, segments: 6 });
  } else {
    addCylinder(pole, { at: [0, 0, 0], radius: 0.12, topRadius: 0.08, height: 10, segments: 8 });
    for (const a of [0, (Math.PI * 2) / 3, (Math.PI * 4) / 3]) addBox(head, { at: [Math.cos(a) * 0.5, 9.6, Math.sin(a) * 0.5], size: [0.5, 0.25, 0.5] });
  }
  return [
    [pole, metal],
    [head, light],
  ];
}

// Plain triangle soups for the demo scenes: boxes, prisms, cylinders and low spheres, written into
// growing arrays, then turned into one glTF primitive per material. Units are metres, y is up.
// UVs are in metres divided by the texture's repeat size, so one texture tiles at the same scale
// on every wall and slab.

export type MeshData = { positions: number[]; normals: number[]; uvs: number[]; indices: number[] };

export const emptyMesh = (): MeshData => ({ positions: [], normals: [], uvs: [], indices: [] });

type Vec3 = [number, number, number];

/** Rotates (x, z) around the y axis by `angle` radians. */
function rotateY([x, y, z]: Vec3, angle: number): Vec3 {
  if (angle === 0) return [x, y, z];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c + z * s, y, -x * s + z * c];
}

const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];

/** A quad: corner + u·s + v·t for s, t in [0, 1]; `uv` maps its corners to texture space. */
function quad(mesh: MeshData, corner: Vec3, u: Vec3, v: Vec3, normal: Vec3, uvSize: [number, number]) {
  const base = mesh.positions.length / 3;
  const corners: [number, number][] = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  for (const [s, t] of corners) {
    const p = add(add(corner, scale(u, s)), scale(v, t));
    mesh.positions.push(...p);
    mesh.normals.push(...normal);
    // Image rows go down: t = 1 (the top of a wall) is the top of the picture.
    mesh.uvs.push(s * uvSize[0], (1 - t) * uvSize[1]);
  }
  mesh.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
}

export type BoxOptions = {
  /** Centre of the bottom face. */
  at: Vec3;
  size: Vec3;
  rotation?: number;
  /** Texture repeat in metres (horizontal, vertical); default 1 m. */
  repeat?: [number, number];
  /** Leave out the bottom face (resting on the ground, never seen). */
  open?: boolean;
};

export function addBox(mesh: MeshData, { at, size, rotation = 0, repeat = [1, 1], open = true }: BoxOptions) {
  const [w, h, d] = size;
  const [ru, rv] = repeat;
  const faces: { corner: Vec3; u: Vec3; v: Vec3; n: Vec3; uv: [number, number] }[] = [
    // front (+z), back (-z), right (+x), left (-x), top, bottom
    { corner: [-w / 2, 0, d / 2], u: [w, 0, 0], v: [0, h, 0], n: [0, 0, 1], uv: [w / ru, h / rv] },
    { corner: [w / 2, 0, -d / 2], u: [-w, 0, 0], v: [0, h, 0], n: [0, 0, -1], uv: [w / ru, h / rv] },
    { corner: [w / 2, 0, d / 2], u: [0, 0, -d], v: [0, h, 0], n: [1, 0, 0], uv: [d / ru, h / rv] },
    { corner: [-w / 2, 0, -d / 2], u: [0, 0, d], v: [0, h, 0], n: [-1, 0, 0], uv: [d / ru, h / rv] },
    { corner: [-w / 2, h, d / 2], u: [w, 0, 0], v: [0, 0, -d], n: [0, 1, 0], uv: [w / ru, d / ru] },
  ];
  if (!open) faces.push({ corner: [-w / 2, 0, -d / 2], u: [w, 0, 0], v: [0, 0, d], n: [0, -1, 0], uv: [w / ru, d / ru] });
  for (const f of faces) {
    quad(mesh, add(at, rotateY(f.corner, rotation)), rotateY(f.u, rotation), rotateY(f.v, rotation), rotateY(f.n, rotation), f.uv);
  }
}

/** A flat rectangle facing up at height `at[1]` (ground, slabs, water). */
export function addSlab(mesh: MeshData, at: Vec3, width: number, depth: number, repeat = 1) {
  quad(mesh, [at[0] - width / 2, at[1], at[2] + depth / 2], [width, 0, 0], [0, 0, -depth], [0, 1, 0], [width / repeat, depth / repeat]);
}

/** A pitched roof: a triangular prism whose ridge runs along the width (local x). */
export function addPitchedRoof(mesh: MeshData, { at, size, rotation = 0 }: { at: Vec3; size: Vec3; rotation?: number }) {
  const [w, h, d] = size;
  const slope = Math.hypot(d / 2, h);
  const r = (p: Vec3) => add(at, rotateY(p, rotation));
  const rv = (p: Vec3) => rotateY(p, rotation);
  const nFront = rv([0, d / 2 / slope, h / slope]);
  const nBack = rv([0, d / 2 / slope, -h / slope]);
  quad(mesh, r([-w / 2, 0, d / 2]), rv([w, 0, 0]), rv([0, h, -d / 2]), nFront, [w, slope]);
  quad(mesh, r([w / 2, 0, -d / 2]), rv([-w, 0, 0]), rv([0, h, d / 2]), nBack, [w, slope]);
  // Gables: two triangles.
  for (const side of [-1, 1]) {
    const base = mesh.positions.length / 3;
    const n = rv([side, 0, 0]);
    const pts: Vec3[] = side > 0 ? [[w / 2, 0, d / 2], [w / 2, 0, -d / 2], [w / 2, h, 0]] : [[-w / 2, 0, -d / 2], [-w / 2, 0, d / 2], [-w / 2, h, 0]];
    for (const p of pts) {
      mesh.positions.push(...r(p));
      mesh.normals.push(...n);
      mesh.uvs.push(p[2], h - p[1]);
    }
    mesh.indices.push(base, base + 1, base + 2);
  }
}

/** A cylinder or a cone (topRadius 0), `segments` sides, capped on top. */
export function addCylinder(
  mesh: MeshData,
  { at, radius, topRadius = radius, height, segments = 12 }: { at: Vec3; radius: number; topRadius?: number; height: number; segments?: number },
) {
  const slope = (radius - topRadius) / height;
  const norm = Math.hypot(1, slope);
  for (let i = 0; i < segments; i++) {
    const a0 = (i / segments) * Math.PI * 2;
    const a1 = ((i + 1) / segments) * Math.PI * 2;
    const base = mesh.positions.length / 3;
    for (const [a, r, y] of [
      [a0, radius, 0],
      [a1, radius, 0],
      [a1, topRadius, height],
      [a0, topRadius, height],
    ] as const) {
      mesh.positions.push(at[0] + Math.cos(a) * r, at[1] + y, at[2] + Math.sin(a) * r);
      mesh.normals.push(Math.cos(a) / norm, slope / norm, Math.sin(a) / norm);
      mesh.uvs.push((a / (Math.PI * 2)) * 4, 1 - y / height);
    }
    // Outward faces are counter-clockwise seen from outside.
    mesh.indices.push(base, base + 2, base + 1, base, base + 3, base + 2);
  }
  if (topRadius > 0) {
    const centre = mesh.positions.length / 3;
    mesh.positions.push(at[0], at[1] + height, at[2]);
    mesh.normals.push(0, 1, 0);
    mesh.uvs.push(0.5, 0.5);
    for (let i = 0; i <= segments; i++) {
      const a = (i / segments) * Math.PI * 2;
      mesh.positions.push(at[0] + Math.cos(a) * topRadius, at[1] + height, at[2] + Math.sin(a) * topRadius);
      mesh.normals.push(0, 1, 0);
      mesh.uvs.push(0.5 + Math.cos(a) / 2, 0.5 + Math.sin(a) / 2);
    }
    for (let i = 0; i < segments; i++) mesh.indices.push(centre, centre + 2 + i, centre + 1 + i);
  }
}

/** A low UV sphere stretched to radii (rx, ry, rz), centred at `at`. */
export function addBlob(mesh: MeshData, { at, radii, rings = 6, segments = 10 }: { at: Vec3; radii: Vec3; rings?: number; segments?: number }) {
  const base = mesh.positions.length / 3;
  for (let r = 0; r <= rings; r++) {
    const phi = (r / rings) * Math.PI;
    for (let s = 0; s <= segments; s++) {
      const theta = (s / segments) * Math.PI * 2;
      const n: Vec3 = [Math.sin(phi) * Math.cos(theta), Math.cos(phi), Math.sin(phi) * Math.sin(theta)];
      mesh.positions.push(at[0] + n[0] * radii[0], at[1] + n[1] * radii[1], at[2] + n[2] * radii[2]);
      mesh.normals.push(...n);
      mesh.uvs.push(s / segments, r / rings);
    }
  }
  const row = segments + 1;
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segments; s++) {
      const a = base + r * row + s;
      const b = a + row;
      mesh.indices.push(a, a + 1, b, a + 1, b + 1, b);
    }
  }
}

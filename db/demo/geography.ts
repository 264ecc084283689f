// The demo town's invented neighbourhood, one source for two uses: the basemap (written to
// public/map/demo-town.geojson by db/demo/map/write-geojson.ts, drawn by public/map/style.json)
// and the places of the demo projects and proposals (db/demo/content.ts), so that a project's
// outline on the map sits exactly on its square, park or school yard.
//
// Distances are metres east (x) and north (y) of the organization's default map centre (the
// organizations.map_center_* column defaults), turned into longitude and latitude by a local flat
// projection: at this size (1.4 km) the error is far below a pixel.

/** The organizations table's default map centre (migration 00002): the demo organization keeps it. */
export const ORIGIN: [number, number] = [2.3522, 48.8566];
const METRES_PER_DEGREE_LAT = 111_320;
const METRES_PER_DEGREE_LNG = METRES_PER_DEGREE_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180);

type XY = [number, number];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Metres from the centre → [lng, lat], rounded to about 10 cm. */
export function toLngLat([x, y]: XY): [number, number] {
  return [round6(ORIGIN[0] + x / METRES_PER_DEGREE_LNG), round6(ORIGIN[1] + y / METRES_PER_DEGREE_LAT)];
}

function rect(x1: number, y1: number, x2: number, y2: number): XY[] {
  return [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
  ];
}

function polygon(ring: XY[]): GeoJSON.Polygon {
  const coordinates = ring.map(toLngLat);
  return { type: "Polygon", coordinates: [[...coordinates, coordinates[0]!]] };
}

function circle(cx: number, cy: number, r: number, steps = 20): XY[] {
  return Array.from({ length: steps }, (_, i) => {
    const a = (2 * Math.PI * i) / steps;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as XY;
  });
}

// The street grid: x of the north-south streets, y of the east-west ones.
const WEST = -700;
const EAST = 700;
const NORTH = 500;
const COLUMNS = [WEST, -560, -280, 0, 280, 560, EAST];
const ROWS = [-400, -140, 120, 380, NORTH];

type Street = { name: string; kind: "main" | "street" | "path"; line: XY[] };

export const STREETS: Street[] = [
  { name: "Rue du Moulin", kind: "street", line: [[-560, -400], [-560, NORTH]] },
  { name: "Rue Victor-Hugo", kind: "street", line: [[-280, -400], [-280, NORTH]] },
  { name: "Rue Jean-Jaurès", kind: "main", line: [[0, -400], [0, NORTH]] },
  { name: "Rue des Écoles", kind: "street", line: [[280, -400], [280, NORTH]] },
  { name: "Rue Pasteur", kind: "street", line: [[560, -400], [560, NORTH]] },
  { name: "Rue Gambetta", kind: "street", line: [[WEST, 380], [EAST, 380]] },
  { name: "Avenue de la Gare", kind: "main", line: [[WEST, 120], [EAST, 120]] },
  { name: "Rue de la Fontaine", kind: "street", line: [[WEST, -140], [EAST, -140]] },
  { name: "Quai de la Morelle", kind: "main", line: [[WEST, -400], [EAST, -400]] },
  { name: "Allée des Tilleuls", kind: "path", line: [[280, 120], [400, 230], [560, 380]] },
  { name: "Passage du Lavoir", kind: "path", line: [[-140, -140], [-140, -400]] },
];

/** The places the demo projects stand on (metres), with the names shown on the map. */
export const PLACES = {
  placeFontaine: { name: "Place de la Fontaine", ring: rect(-266, -126, -14, 106) },
  parcTilleuls: { name: "Parc des Tilleuls", ring: rect(294, 134, 546, 366) },
  ecoleCour: { name: "École Jules-Ferry", ring: rect(-546, 134, -400, 250) },
  theatre: { name: "Théâtre Louis-Jouvet", ring: rect(40, -100, 150, -20) },
  halle: { name: "Halle du marché", ring: rect(60, 180, 220, 300) },
  squarePagnol: { name: "Square Marcel-Pagnol", ring: rect(-546, -386, -294, -270) },
} as const;

export type PlaceKey = keyof typeof PLACES;

/** A place's outline as GeoJSON (lng, lat). */
export function placeOutline(key: PlaceKey): GeoJSON.Polygon {
  return polygon([...PLACES[key].ring]);
}

/** A point of a place: (u, v) from 0 to 1 across its bounding box, from the south-west corner. */
export function pointInPlace(key: PlaceKey, u: number, v: number): [number, number] {
  const xs = PLACES[key].ring.map((p) => p[0]);
  const ys = PLACES[key].ring.map((p) => p[1]);
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return toLngLat([x1 + (x2 - x1) * u, y1 + (y2 - y1) * v]);
}

/** A point along a street: t from 0 (its first point) to 1 (its last), on its straight stretches. */
export function pointOnStreet(name: string, t: number): [number, number] {
  const street = STREETS.find((s) => s.name === name);
  if (!street) throw new Error(`no street named ${name}`);
  const [a, b] = [street.line[0]!, street.line.at(-1)!];
  return toLngLat([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
}

/** The cycle lane planned along the avenue: a 16 m wide corridor from the mill to Rue Pasteur. */
export function avenueCorridor(): GeoJSON.Polygon {
  return polygon(rect(-560, 112, 560, 128));
}

/** Blocks the places take whole or in part: no generic buildings there. */
function blockIsSpecial(x1: number, y1: number): "square" | "park" | "school" | "theatre" | "halle" | "pagnol" | null {
  if (x1 === -280 && y1 === -140) return "square";
  if (x1 === 280 && y1 === 120) return "park";
  if (x1 === -560 && y1 === 120) return "school";
  if (x1 === 0 && y1 === -140) return "theatre";
  if (x1 === 0 && y1 === 120) return "halle";
  if (x1 === -560 && y1 === -400) return "pagnol";
  return null;
}

/** Houses along a block's edges (a perimeter block), leaving its middle as courtyards. */
function perimeterBuildings(x1: number, y1: number, x2: number, y2: number): XY[][] {
  const inset = 14;
  const depth = 22;
  const [a, b, c, d] = [x1 + inset, y1 + inset, x2 - inset, y2 - inset];
  const out: XY[][] = [];
  const along = (from: number, to: number, make: (s: number, e: number) => XY[]) => {
    const count = Math.max(1, Math.round((to - from) / 70));
    const step = (to - from) / count;
    for (let i = 0; i < count; i++) out.push(make(from + i * step + 3, from + (i + 1) * step - 3));
  };
  along(a, c, (s, e) => rect(s, b, e, b + depth)); // south side
  along(a, c, (s, e) => rect(s, d - depth, e, d)); // north side
  if (d - b > 3 * depth) {
    along(b + depth + 6, d - depth - 6, (s, e) => rect(a, s, a + depth, e)); // west side
    along(b + depth + 6, d - depth - 6, (s, e) => rect(c - depth, s, c, e)); // east side
  }
  return out;
}

type TownFeature = GeoJSON.Feature<GeoJSON.Geometry, { layer: string; name?: string; kind?: string }>;

/** The whole neighbourhood as one FeatureCollection; `layer` says how the style draws each feature. */
export function buildTownGeoJSON(): GeoJSON.FeatureCollection<GeoJSON.Geometry, { layer: string; name?: string; kind?: string }> {
  const features: TownFeature[] = [];
  const add = (layer: string, geometry: GeoJSON.Geometry, extra: { name?: string; kind?: string } = {}) =>
    features.push({ type: "Feature", properties: { layer, ...extra }, geometry });

  // The river, south of the quay, and the fountain of the square.
  add("water", polygon([[WEST - 60, -470], [-300, -462], [0, -476], [300, -466], [EAST + 60, -472], [EAST + 60, -540], [300, -534], [0, -546], [-300, -532], [WEST - 60, -540]]), { name: "La Morelle" });
  add("water", polygon(circle(-140, -10, 14)), {});

  // Green spaces.
  add("green", polygon([...PLACES.parcTilleuls.ring]), { name: PLACES.parcTilleuls.name });
  add("green", polygon([...PLACES.squarePagnol.ring]), { name: PLACES.squarePagnol.name });
  add("green", polygon(rect(WEST, -452, EAST, -414)), { kind: "bank" });

  // Squares and yards (paved open spaces).
  add("square", polygon([...PLACES.placeFontaine.ring]), { name: PLACES.placeFontaine.name });
  add("square", polygon([...PLACES.ecoleCour.ring]), { kind: "yard" });

  // Buildings: the public ones, then houses around the ordinary blocks.
  add("building", polygon(rect(-546, 262, -294, 366)), { name: PLACES.ecoleCour.name, kind: "public" });
  add("building", polygon([...PLACES.theatre.ring]), { name: PLACES.theatre.name, kind: "public" });
  add("building", polygon([...PLACES.halle.ring]), { name: PLACES.halle.name, kind: "public" });
  add("building", polygon(rect(-386, 134, -294, 250)), { kind: "public" });
  for (let i = 0; i < COLUMNS.length - 1; i++) {
    for (let j = 0; j < ROWS.length - 1; j++) {
      const [x1, x2, y1, y2] = [COLUMNS[i]!, COLUMNS[i + 1]!, ROWS[j]!, ROWS[j + 1]!];
      const special = blockIsSpecial(x1, y1);
      if (special === "square" || special === "park" || special === "school") continue;
      if (special === "theatre") {
        for (const ring of perimeterBuildings(x1, y1, x2, y2).filter((r) => r[0]![0] > 160 || r[0]![1] > 0)) add("building", polygon(ring));
        continue;
      }
      if (special === "halle") {
        for (const ring of perimeterBuildings(x1, y1, x2, y2).filter((r) => r[0]![1] > 320 || r[0]![0] > 230)) add("building", polygon(ring));
        continue;
      }
      if (special === "pagnol") {
        for (const ring of perimeterBuildings(x1, -250, x2, y2)) add("building", polygon(ring));
        continue;
      }
      for (const ring of perimeterBuildings(x1, y1, x2, y2)) add("building", polygon(ring));
    }
  }

  // Streets last: drawn above the blocks, labelled along their line.
  for (const street of STREETS) {
    add("street", { type: "LineString", coordinates: street.line.map(toLngLat) }, { name: street.name, kind: street.kind });
  }

  // Names of places, shown at a point inside each.
  const label = (name: string, xy: XY) => add("label", { type: "Point", coordinates: toLngLat(xy) }, { name });
  label(PLACES.placeFontaine.name, [-140, 40]);
  label(PLACES.parcTilleuls.name, [470, 300]);
  label(PLACES.ecoleCour.name, [-420, 314]);
  label(PLACES.theatre.name, [95, -60]);
  label(PLACES.halle.name, [140, 240]);
  label(PLACES.squarePagnol.name, [-420, -330]);
  label("La Morelle", [200, -505]);
  return { type: "FeatureCollection", features };
}

/** The box of the neighbourhood (lng, lat): west, south, east, north. */
export function townBounds(): [number, number, number, number] {
  const [west, south] = toLngLat([WEST - 60, -546]);
  const [east, north] = toLngLat([EAST + 60, NORTH]);
  return [west, south, east, north];
}

// Places on the map: the geometry types shared by pages, forms and the map components, and the
// parser of what LocationField posts. Pure (no maplibre, no DOM): runs on the server and in the browser.
import { isWellFormedText, parseWellFormedJson } from "~/utils/text";
import { findPlace, type NamedPlace } from "./places";

export type MapGeometry = GeoJSON.Point | GeoJSON.Polygon;
export type MapItem = { id: string; title: string; href?: string; description?: string; geometry: MapGeometry };
export type ParsedLocation = { geometry: MapGeometry; center: [number, number] /* lng, lat */ };

export type LocationParseResult = { ok: true; value: ParsedLocation | null } | { ok: false; error: string };
export type LocationParseOptions = {
  /** false for proposals (a point only); true (the default) for projects (a point or an outline). */
  allowPolygon?: boolean;
  /** The local list a place's name (`${name}-place`) is looked up in; none: a named place is refused. */
  places?: readonly NamedPlace[];
};

/** Most vertices an outline may have (the closing position not counted). */
export const MAX_POLYGON_VERTICES = 500;
/** A GeoJSON string longer than this is refused before parsing (500 vertices take about 20 KB). */
export const MAX_GEOJSON_LENGTH = 64_000;
/** A value holding NUL or a lone surrogate (see isWellFormedText). */
const BAD_CHARACTER = "map:errors.badCharacter";
/** Coordinates are stored with 7 decimals (about 1 cm). */
const DECIMALS = 7;
/** Typed coordinates that match the geometry's centre this closely keep the geometry (the form shows 6 decimals). */
const SAME_PLACE_TOLERANCE = 1e-5;

/**
 * The names of the form fields LocationField renders for a field called `name`:
 * - `${name}`: hidden input, the GeoJSON geometry written by the map ("" for none);
 * - `${name}-lat` and `${name}-lng`: the typed latitude and longitude (work without JavaScript), for officials;
 * - `${name}-place`: a place's name from the local list (residents, with or without JavaScript).
 * Dashes, not dots: Conform reads dots as nested objects.
 */
export function locationFieldNames(name: string) {
  return { geojson: name, lat: `${name}-lat`, lng: `${name}-lng`, place: `${name}-place` };
}

/**
 * Parses what LocationField posts.
 * - `parseLocationInput(raw)`: one value, a GeoJSON Point/Polygon (or a Feature holding one) as a string,
 *   or typed "lat, lng" coordinates ("48.85, 2.35", "48,85 ; 2,35", "48,85, 2,35"); empty → null.
 * - `parseLocationInput(formData, name)`: the whole field (see `locationFieldNames`). The typed
 *   coordinates decide: both empty → no place; equal to the geometry's centre → the geometry (a point or
 *   the outline drawn on the map); otherwise → a point at the typed coordinates (typed without JavaScript).
 * Errors are i18n keys of the map namespace ("map:errors.…").
 */
export function parseLocationInput(raw: FormDataEntryValue | null | undefined, options?: LocationParseOptions): LocationParseResult;
export function parseLocationInput(form: FormDataLike, name: string, options?: LocationParseOptions): LocationParseResult;
export function parseLocationInput(
  input: FormDataEntryValue | FormDataLike | null | undefined,
  nameOrOptions?: string | LocationParseOptions,
  maybeOptions?: LocationParseOptions,
): LocationParseResult {
  if (isFormDataLike(input)) {
    if (typeof nameOrOptions !== "string") throw new TypeError("parseLocationInput(formData, name): the field name is missing");
    return parseLocationField(input, nameOrOptions, maybeOptions ?? {});
  }
  const options = (typeof nameOrOptions === "object" ? nameOrOptions : maybeOptions) ?? {};
  return parseSingleValue(input, options);
}

type FormDataLike = { get(name: string): FormDataEntryValue | null };

function isFormDataLike(value: unknown): value is FormDataLike {
  return typeof value === "object" && value !== null && typeof (value as FormDataLike).get === "function" && !isFile(value);
}

function isFile(value: unknown): boolean {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

function parseLocationField(form: FormDataLike, name: string, options: LocationParseOptions): LocationParseResult {
  const names = locationFieldNames(name);
  // Refused whichever part holds it (FormData already turns lone surrogates into U+FFFD; NUL stays).
  for (const part of [names.geojson, names.lat, names.lng, names.place]) {
    const raw = form.get(part);
    if (typeof raw === "string" && !isWellFormedText(raw)) return { ok: false, error: BAD_CHARACTER };
  }
  const typed = parseTypedPair(form.get(names.lat), form.get(names.lng));
  if (!typed.ok) return typed;
  const geometry = parseSingleValue(form.get(names.geojson), options);
  // A geometry holding bad characters is a hostile post, not a stale map: refused even if typed values would win.
  if (!geometry.ok && geometry.error === BAD_CHARACTER) return geometry;
  if (typed.value === null) {
    // No typed coordinates: without JavaScript the person emptied them (no place); with JavaScript the
    // component always writes them, so a geometry alone comes from another client: keep it.
    if (form.get(names.lat) !== null || form.get(names.lng) !== null) return { ok: true, value: null };
    // A place named without JavaScript (the map, with it, already wrote its point): looked up in the list.
    if (geometry.ok && geometry.value === null) return placeByName(form.get(names.place), options.places);
    return geometry;
  }
  if (geometry.ok && geometry.value && samePlace(geometry.value.center, typed.value.center)) return geometry;
  // The typed coordinates differ from the geometry (or it is missing or unreadable): they win.
  return typed;
}

function placeByName(raw: FormDataEntryValue | null, places: readonly NamedPlace[] | undefined): LocationParseResult {
  const typed = typeof raw === "string" ? raw.trim() : "";
  if (typed === "") return { ok: true, value: null };
  const found = places ? findPlace(places, typed) : null;
  if (!found) return { ok: false, error: "map:errors.unknownPlace" };
  const center: [number, number] = [round(found.point[0]), round(found.point[1])];
  return { ok: true, value: { geometry: { type: "Point", coordinates: center }, center } };
}

function parseSingleValue(raw: FormDataEntryValue | null | undefined, options: LocationParseOptions): LocationParseResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw !== "string") return { ok: false, error: "map:errors.invalid" };
  if (!isWellFormedText(raw)) return { ok: false, error: BAD_CHARACTER };
  const text = raw.trim();
  if (text === "") return { ok: true, value: null };
  if (text.length > MAX_GEOJSON_LENGTH) return { ok: false, error: "map:errors.tooLarge" };
  if (text.startsWith("{")) return parseGeoJson(text, options);
  const pair = /^(-?\d+(?:[.,]\d+)?)\s*[,;\s]\s*(-?\d+(?:[.,]\d+)?)$/.exec(text);
  if (!pair) return { ok: false, error: "map:errors.invalid" };
  return parseTypedPair(pair[1]!, pair[2]!);
}

/** A typed latitude and longitude (the no-JavaScript inputs); French decimal commas accepted. Both empty → null. */
export function parseCoordinates(lat: FormDataEntryValue | null, lng: FormDataEntryValue | null): LocationParseResult {
  return parseTypedPair(lat, lng);
}

/** A coordinate as the form shows it: at most 6 decimals (about 10 cm), dot decimal (typed commas are read too). */
export function formatCoordinate(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** The closed outline through the given vertices (at least 3), as LocationField draws it. */
export function polygonFromVertices(vertices: readonly (readonly [number, number])[]): GeoJSON.Polygon {
  const ring = vertices.map(([lng, lat]) => [round(lng), round(lat)]);
  return { type: "Polygon", coordinates: [[...ring, [...ring[0]!]]] };
}

/** Whether two [lng, lat] places are the same for the form (typed values carry 6 decimals). */
export function samePlace(a: readonly [number, number], b: readonly [number, number]): boolean {
  return Math.abs(a[0] - b[0]) <= SAME_PLACE_TOLERANCE && Math.abs(a[1] - b[1]) <= SAME_PLACE_TOLERANCE;
}

function parseTypedPair(rawLat: FormDataEntryValue | null, rawLng: FormDataEntryValue | null): LocationParseResult {
  const latText = typeof rawLat === "string" ? rawLat.trim() : "";
  const lngText = typeof rawLng === "string" ? rawLng.trim() : "";
  if (latText === "" && lngText === "") return { ok: true, value: null };
  if (latText === "" || lngText === "") return { ok: false, error: "map:errors.incomplete" };
  const lat = parseDecimal(latText);
  const lng = parseDecimal(lngText);
  if (lat === null || lng === null) return { ok: false, error: "map:errors.notANumber" };
  if (lat < -90 || lat > 90) return { ok: false, error: "map:errors.latitudeRange" };
  if (lng < -180 || lng > 180) return { ok: false, error: "map:errors.longitudeRange" };
  const point: GeoJSON.Point = { type: "Point", coordinates: [round(lng), round(lat)] };
  return { ok: true, value: { geometry: point, center: [round(lng), round(lat)] } };
}

function parseDecimal(text: string): number | null {
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return null;
  const value = Number(text.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

function parseGeoJson(text: string, options: LocationParseOptions): LocationParseResult {
  // Escaped NUL or lone surrogates ("\ud800") anywhere in it, even in properties we drop: refused.
  const parsed = parseWellFormedJson(text);
  if (!parsed.ok) return { ok: false, error: parsed.error === "badCharacter" ? BAD_CHARACTER : "map:errors.invalid" };
  let value = parsed.value;
  if (isObject(value) && value.type === "Feature") value = value.geometry;
  if (!isObject(value)) return { ok: false, error: "map:errors.invalid" };
  if (value.type === "Point") {
    const position = readPosition(value.coordinates);
    if (!position.ok) return position;
    const point: GeoJSON.Point = { type: "Point", coordinates: position.value };
    return { ok: true, value: { geometry: point, center: [position.value[0], position.value[1]] } };
  }
  if (value.type === "Polygon") {
    if (options.allowPolygon === false) return { ok: false, error: "map:errors.pointOnly" };
    return readPolygon(value.coordinates);
  }
  return { ok: false, error: options.allowPolygon === false ? "map:errors.pointOnly" : "map:errors.unsupportedType" };
}

function readPosition(raw: unknown): { ok: true; value: [number, number] } | { ok: false; error: string } {
  // An altitude (third number) is accepted and dropped.
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 3 || !raw.every((n) => typeof n === "number" && Number.isFinite(n))) {
    return { ok: false, error: "map:errors.invalid" };
  }
  const [lng, lat] = raw as number[];
  if (lat! < -90 || lat! > 90) return { ok: false, error: "map:errors.latitudeRange" };
  if (lng! < -180 || lng! > 180) return { ok: false, error: "map:errors.longitudeRange" };
  return { ok: true, value: [round(lng!), round(lat!)] };
}

function readPolygon(raw: unknown): LocationParseResult {
  if (!Array.isArray(raw) || raw.length === 0) return { ok: false, error: "map:errors.invalid" };
  const rings: [number, number][][] = [];
  let vertices = 0;
  for (const rawRing of raw) {
    if (!Array.isArray(rawRing)) return { ok: false, error: "map:errors.invalid" };
    vertices += Math.max(rawRing.length - 1, 0);
    if (vertices > MAX_POLYGON_VERTICES) return { ok: false, error: "map:errors.tooManyVertices" };
    const ring: [number, number][] = [];
    for (const rawPosition of rawRing) {
      const position = readPosition(rawPosition);
      if (!position.ok) return position;
      ring.push(position.value);
    }
    if (ring.length < 4) return { ok: false, error: "map:errors.tooFewVertices" };
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) return { ok: false, error: "map:errors.ringNotClosed" };
    if (new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)).size < 3) return { ok: false, error: "map:errors.tooFewVertices" };
    rings.push(ring);
  }
  if (Math.abs(ringArea(rings[0]!)) < 1e-12) return { ok: false, error: "map:errors.flatPolygon" };
  const polygon: GeoJSON.Polygon = { type: "Polygon", coordinates: rings };
  return { ok: true, value: { geometry: polygon, center: centroid(polygon) } };
}

/** The centre of a geometry, [lng, lat]: the point itself, or the area centroid of an outline's outer ring. */
export function centroid(geometry: MapGeometry): [number, number] {
  if (geometry.type === "Point") return [geometry.coordinates[0]!, geometry.coordinates[1]!];
  const ring = geometry.coordinates[0] ?? [];
  const points = ring.length > 1 ? ring.slice(0, -1) : ring;
  if (points.length === 0) return [0, 0];
  // Relative to the first vertex, for precision; the shoelace formula on the closed ring.
  const [x0, y0] = [points[0]![0]!, points[0]![1]!];
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const ax = a[0]! - x0;
    const ay = a[1]! - y0;
    const bx = b[0]! - x0;
    const by = b[1]! - y0;
    const cross = ax * by - bx * ay;
    area += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (Math.abs(area) < 1e-18) {
    // Degenerate outline: the mean of its vertices.
    let sumLng = 0;
    let sumLat = 0;
    for (const p of points) {
      sumLng += p[0]!;
      sumLat += p[1]!;
    }
    return [round(sumLng / points.length), round(sumLat / points.length)];
  }
  return [round(x0 + cx / (3 * area)), round(y0 + cy / (3 * area))];
}

/** [west, south, east, north] of a geometry. */
export function bounds(geometry: MapGeometry): [number, number, number, number] {
  const positions = geometry.type === "Point" ? [geometry.coordinates] : geometry.coordinates.flat();
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const p of positions) {
    west = Math.min(west, p[0]!);
    east = Math.max(east, p[0]!);
    south = Math.min(south, p[1]!);
    north = Math.max(north, p[1]!);
  }
  return [west, south, east, north];
}

/** A point geometry from stored columns (proposals.lng/lat, projects.center_lng/lat); null when unset. */
export function pointFromColumns(lng: number | string | null | undefined, lat: number | string | null | undefined): GeoJSON.Point | null {
  if (lng === null || lng === undefined || lat === null || lat === undefined) return null;
  const x = Number(lng);
  const y = Number(lat);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  return { type: "Point", coordinates: [x, y] };
}

/** A stored location (projects.location jsonb, written from a ParsedLocation) read back; null when unset or unreadable. */
export function locationFromStored(stored: unknown): ParsedLocation | null {
  if (stored === null || stored === undefined) return null;
  const result = parseSingleValue(typeof stored === "string" ? stored : JSON.stringify(stored), { allowPolygon: true });
  return result.ok ? result.value : null;
}

function ringArea(ring: [number, number][]): number {
  let area = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    area += ax * by - bx * ay;
  }
  return area / 2;
}

function round(n: number): number {
  const f = 10 ** DECIMALS;
  return Math.round(n * f) / f;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

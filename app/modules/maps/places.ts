// Places a resident can name instead of pointing on the map ("Place de la Fontaine", "rue Pasteur"):
// a local list, looked up without any geocoding service. The built-in map's list is the demo
// neighbourhood it draws (db/demo/geography.ts, the same source as the map); an organization on
// another basemap has no list yet, and its residents place the point on the map.
import { PLACES, pointInPlace, pointOnStreet, STREETS } from "../../../db/demo/geography";

export type NamedPlace = { name: string; point: [number, number] };

/** The built-in map's places: squares, parks and buildings at their centre, streets at their middle. */
export function builtInPlaces(): NamedPlace[] {
  const areas = Object.keys(PLACES).map((key) => {
    const k = key as keyof typeof PLACES;
    return { name: PLACES[k].name, point: pointInPlace(k, 0.5, 0.5) };
  });
  const streets = STREETS.map((s) => ({ name: s.name, point: pointOnStreet(s.name, 0.5) }));
  return [...areas, ...streets].sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

/** Lower case, no accents, hyphens and apostrophes as spaces, single spaces: "École  Jules-Ferry" → "ecole jules ferry". */
export function normalizePlaceName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[-'’.,]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The place a typed name means: the same name (accents, case and hyphens aside), else the only place
 * whose name contains what was typed ("fontaine" alone matches the square and the street: none).
 */
export function findPlace(places: readonly NamedPlace[], typed: string): NamedPlace | null {
  const wanted = normalizePlaceName(typed);
  if (wanted.length < 3) return null;
  const exact = places.find((p) => normalizePlaceName(p.name) === wanted);
  if (exact) return exact;
  const partial = places.filter((p) => normalizePlaceName(p.name).includes(wanted));
  return partial.length === 1 ? partial[0]! : null;
}

/** The list residents may name places from: the built-in map's, or none on another basemap. */
export function placesForMap(styleUrl: string | null): NamedPlace[] {
  return styleUrl === null ? builtInPlaces() : [];
}

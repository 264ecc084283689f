import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en/map";
import fr from "~/i18n/locales/fr/map";
import {
  bounds,
  centroid,
  formatCoordinate,
  locationFieldNames,
  locationFromStored,
  MAX_POLYGON_VERTICES,
  parseLocationInput,
  pointFromColumns,
  polygonFromVertices,
  type MapGeometry,
} from "./geometry";

const square: GeoJSON.Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [2.34, 48.85],
      [2.36, 48.85],
      [2.36, 48.87],
      [2.34, 48.87],
      [2.34, 48.85],
    ],
  ],
};

function ok(result: ReturnType<typeof parseLocationInput>) {
  if (!result.ok) throw new Error(`expected success, got ${result.error}`);
  return result.value;
}

function error(result: ReturnType<typeof parseLocationInput>) {
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

/** Every error key the parser returns exists in both languages. */
function expectKnownError(key: string) {
  const [, name] = /^map:errors\.(\w+)$/.exec(key) ?? [];
  expect(name, key).toBeTruthy();
  expect(fr.errors).toHaveProperty(name!);
  expect(en.errors).toHaveProperty(name!);
}

describe("parseLocationInput (one value)", () => {
  it("reads a GeoJSON point", () => {
    const value = ok(parseLocationInput(JSON.stringify({ type: "Point", coordinates: [2.3522, 48.8566] })));
    expect(value).toEqual({ geometry: { type: "Point", coordinates: [2.3522, 48.8566] }, center: [2.3522, 48.8566] });
  });

  it("reads a GeoJSON polygon and gives its centroid", () => {
    const value = ok(parseLocationInput(JSON.stringify(square)));
    expect(value?.geometry).toEqual(square);
    expect(value?.center[0]).toBeCloseTo(2.35, 9);
    expect(value?.center[1]).toBeCloseTo(48.86, 9);
  });

  it("accepts a Feature holding a geometry and drops altitudes and extra members", () => {
    const value = ok(
      parseLocationInput(JSON.stringify({ type: "Feature", properties: { x: 1 }, geometry: { type: "Point", coordinates: [2.3, 48.8, 35], bbox: [0] } })),
    );
    expect(value?.geometry).toEqual({ type: "Point", coordinates: [2.3, 48.8] });
  });

  it("rounds coordinates to 7 decimals", () => {
    const value = ok(parseLocationInput(JSON.stringify({ type: "Point", coordinates: [2.123456789, 48.987654321] })));
    expect(value?.geometry.coordinates).toEqual([2.1234568, 48.9876543]);
  });

  it("treats empty values as no place", () => {
    expect(ok(parseLocationInput(""))).toBeNull();
    expect(ok(parseLocationInput("   "))).toBeNull();
    expect(ok(parseLocationInput(null))).toBeNull();
    expect(ok(parseLocationInput(undefined))).toBeNull();
  });

  it("refuses coordinates out of range", () => {
    expect(error(parseLocationInput(JSON.stringify({ type: "Point", coordinates: [2, 91] })))).toBe("map:errors.latitudeRange");
    expect(error(parseLocationInput(JSON.stringify({ type: "Point", coordinates: [-180.5, 45] })))).toBe("map:errors.longitudeRange");
    const outside = structuredClone(square);
    outside.coordinates[0]![2] = [200, 48.87];
    expect(error(parseLocationInput(JSON.stringify(outside)))).toBe("map:errors.longitudeRange");
  });

  it("refuses an open ring", () => {
    const open = { type: "Polygon", coordinates: [square.coordinates[0]!.slice(0, 4).concat([[2.341, 48.85]])] };
    expect(error(parseLocationInput(JSON.stringify(open)))).toBe("map:errors.ringNotClosed");
  });

  it("refuses too few or aligned vertices", () => {
    const triangleOpen = { type: "Polygon", coordinates: [[[2, 48], [2.1, 48], [2, 48]]] };
    expect(error(parseLocationInput(JSON.stringify(triangleOpen)))).toBe("map:errors.tooFewVertices");
    const repeated = { type: "Polygon", coordinates: [[[2, 48], [2.1, 48], [2.1, 48], [2, 48]]] };
    expect(error(parseLocationInput(JSON.stringify(repeated)))).toBe("map:errors.tooFewVertices");
    const aligned = { type: "Polygon", coordinates: [[[2, 48], [2.1, 48], [2.2, 48], [2, 48]]] };
    expect(error(parseLocationInput(JSON.stringify(aligned)))).toBe("map:errors.flatPolygon");
  });

  it("accepts 500 vertices and refuses 501", () => {
    const ring = (n: number) => {
      const points = Array.from({ length: n }, (_, i) => {
        const a = (2 * Math.PI * i) / n;
        return [2.35 + 0.01 * Math.cos(a), 48.86 + 0.01 * Math.sin(a)];
      });
      return { type: "Polygon", coordinates: [[...points, points[0]]] };
    };
    expect(ok(parseLocationInput(JSON.stringify(ring(MAX_POLYGON_VERTICES))))?.geometry.type).toBe("Polygon");
    expect(error(parseLocationInput(JSON.stringify(ring(MAX_POLYGON_VERTICES + 1))))).toBe("map:errors.tooManyVertices");
  });

  it("refuses garbage", () => {
    for (const raw of ["{not json", "{}", '{"type":"Point"}', '{"type":"Point","coordinates":["2","48"]}', '{"type":"Point","coordinates":[2]}', "[1,2]", "bonjour", "48.8 2.3 5"]) {
      expectKnownError(error(parseLocationInput(raw)));
    }
    expect(error(parseLocationInput('{"type":"LineString","coordinates":[[2,48],[3,49]]}'))).toBe("map:errors.unsupportedType");
    expect(error(parseLocationInput('{"type":"Point","coordinates":[1e999,48]}'))).toBe("map:errors.invalid");
    expect(error(parseLocationInput(new File(["x"], "x.txt")))).toBe("map:errors.invalid");
    expect(error(parseLocationInput(`{"type":"Point","coordinates":[2,48]${" ".repeat(70_000)}}`))).toBe("map:errors.tooLarge");
  });

  it("reads typed 'lat, lng' coordinates, with French decimal commas too", () => {
    const expected = { geometry: { type: "Point", coordinates: [2.35, 48.85] }, center: [2.35, 48.85] };
    expect(ok(parseLocationInput("48.85, 2.35"))).toEqual(expected);
    expect(ok(parseLocationInput("48,85, 2,35"))).toEqual(expected);
    expect(ok(parseLocationInput("48,85 ; 2,35"))).toEqual(expected);
    expect(ok(parseLocationInput("48,85 2,35"))).toEqual(expected);
    expect(ok(parseLocationInput("-33.5, -70.25"))?.center).toEqual([-70.25, -33.5]);
    expect(error(parseLocationInput("95, 2"))).toBe("map:errors.latitudeRange");
  });

  it("refuses an outline where only a point is allowed", () => {
    expect(error(parseLocationInput(JSON.stringify(square), { allowPolygon: false }))).toBe("map:errors.pointOnly");
    expect(ok(parseLocationInput(JSON.stringify({ type: "Point", coordinates: [2, 48] }), { allowPolygon: false }))?.center).toEqual([2, 48]);
  });
});

describe("parseLocationInput (the whole field)", () => {
  const names = locationFieldNames("location");
  const point = JSON.stringify({ type: "Point", coordinates: [2.3522, 48.8566] });

  it("names the posted fields with dashes (Conform reads dots as nesting)", () => {
    expect(names).toEqual({ geojson: "location", lat: "location-lat", lng: "location-lng", place: "location-place" });
  });

  it("reads '48,8566' and '48.8566' alike (the inputs are text: the browser's language changes nothing)", () => {
    const comma = ok(parseLocationInput(form({ location: "", "location-lat": "48,8566", "location-lng": "2,3522" }), "location"));
    const dot = ok(parseLocationInput(form({ location: "", "location-lat": "48.8566", "location-lng": "2.3522" }), "location"));
    expect(comma).toEqual(dot);
    expect(comma?.center).toEqual([2.3522, 48.8566]);
  });

  it("a resident's place named without JavaScript: looked up in the local list; unknown or without a list, refused", () => {
    const places = [
      { name: "Place de la Fontaine", point: [2.35, 48.857] as [number, number] },
      { name: "Rue de la Fontaine", point: [2.351, 48.855] as [number, number] },
      { name: "École Jules-Ferry", point: [2.345, 48.858] as [number, number] },
    ];
    expect(ok(parseLocationInput(form({ location: "", "location-place": "ecole jules ferry" }), "location", { places }))?.geometry).toEqual({
      type: "Point",
      coordinates: [2.345, 48.858],
    });
    // Ambiguous ("fontaine": the square and the street), unknown, or no list: a message, nothing placed.
    for (const [typed, list] of [["fontaine", places], ["Rue de Rivoli", places], ["Place de la Fontaine", undefined]] as const) {
      const key = error(parseLocationInput(form({ location: "", "location-place": typed }), "location", { places: list }));
      expect(key).toBe("map:errors.unknownPlace");
      expectKnownError(key);
    }
    // The map's point (written with JavaScript) wins over the name; an empty name is no place.
    expect(ok(parseLocationInput(form({ location: point, "location-place": "Rue de Rivoli" }), "location", { places }))?.center).toEqual([2.3522, 48.8566]);
    expect(ok(parseLocationInput(form({ location: "", "location-place": "  " }), "location", { places }))).toBeNull();
    expect(error(parseLocationInput(form({ location: "", "location-place": "a\u0000b" }), "location", { places }))).toBe("map:errors.badCharacter");
  });

  it("keeps the map's geometry when the typed values are its centre", () => {
    const value = ok(parseLocationInput(form({ location: JSON.stringify(square), "location-lat": "48.86", "location-lng": "2.35" }), "location"));
    expect(value?.geometry).toEqual(square);
  });

  it("lets typed values win when they differ (edited without JavaScript)", () => {
    const value = ok(parseLocationInput(form({ location: JSON.stringify(square), "location-lat": "45,75", "location-lng": "4,85" }), "location"));
    expect(value).toEqual({ geometry: { type: "Point", coordinates: [4.85, 45.75] }, center: [4.85, 45.75] });
  });

  it("reads typed values alone (no JavaScript, nothing stored before)", () => {
    expect(ok(parseLocationInput(form({ location: "", "location-lat": "48,85", "location-lng": "2,35" }), "location"))?.center).toEqual([2.35, 48.85]);
  });

  it("treats emptied typed values as no place, even with an old geometry", () => {
    expect(ok(parseLocationInput(form({ location: point, "location-lat": "", "location-lng": "" }), "location"))).toBeNull();
    expect(ok(parseLocationInput(form({}), "location"))).toBeNull();
  });

  it("reads a geometry posted without typed fields (another client)", () => {
    expect(ok(parseLocationInput(form({ location: point }), "location"))?.center).toEqual([2.3522, 48.8566]);
  });

  it("reports incomplete, non-numeric and out-of-range typed values", () => {
    expect(error(parseLocationInput(form({ location: "", "location-lat": "48.85", "location-lng": "" }), "location"))).toBe("map:errors.incomplete");
    expect(error(parseLocationInput(form({ location: "", "location-lat": "abc", "location-lng": "2" }), "location"))).toBe("map:errors.notANumber");
    expect(error(parseLocationInput(form({ location: "", "location-lat": "1e3", "location-lng": "2" }), "location"))).toBe("map:errors.notANumber");
    expect(error(parseLocationInput(form({ location: "", "location-lat": "-91", "location-lng": "2" }), "location"))).toBe("map:errors.latitudeRange");
    expect(error(parseLocationInput(form({ location: "", "location-lat": "45", "location-lng": "181" }), "location"))).toBe("map:errors.longitudeRange");
  });

  it("reports a bad geometry when the typed values match nothing else", () => {
    expect(error(parseLocationInput(form({ location: "{oops" }), "location"))).toBe("map:errors.invalid");
    expect(error(parseLocationInput(form({ location: JSON.stringify(square) }), "location", { allowPolygon: false }))).toBe("map:errors.pointOnly");
  });

  it("gives a point for a proposal even when an outline comes with typed values", () => {
    const value = ok(parseLocationInput(form({ location: JSON.stringify(square), "location-lat": "48.86", "location-lng": "2.35" }), "location", { allowPolygon: false }));
    expect(value?.geometry.type).toBe("Point");
  });

  it("insists on the field name with a FormData", () => {
    expect(() => parseLocationInput(form({}) as never)).toThrow(TypeError);
  });
});

describe("helpers", () => {
  it("centroid of a point is the point; of an outline, its area centre", () => {
    expect(centroid({ type: "Point", coordinates: [2, 48] })).toEqual([2, 48]);
    const l: MapGeometry = polygonFromVertices([
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ]);
    const [x, y] = centroid(l);
    expect(x).toBeCloseTo(5 / 6, 6);
    expect(y).toBeCloseTo(5 / 6, 6);
  });

  it("polygonFromVertices closes the ring; bounds covers it", () => {
    const p = polygonFromVertices([
      [2.34, 48.85],
      [2.36, 48.85],
      [2.36, 48.87],
      [2.34, 48.87],
    ]);
    expect(p).toEqual(square);
    expect(bounds(p)).toEqual([2.34, 48.85, 2.36, 48.87]);
  });

  it("formatCoordinate keeps 6 decimals without trailing zeros", () => {
    expect(formatCoordinate(48.8566)).toBe("48.8566");
    expect(formatCoordinate(2.123456789)).toBe("2.123457");
    expect(formatCoordinate(-0.5)).toBe("-0.5");
  });

  it("reads stored columns and stored locations", () => {
    expect(pointFromColumns(2.35, "48.85")).toEqual({ type: "Point", coordinates: [2.35, 48.85] });
    expect(pointFromColumns(null, null)).toBeNull();
    expect(locationFromStored(square)?.center[0]).toBeCloseTo(2.35, 9);
    expect(locationFromStored(null)).toBeNull();
    expect(locationFromStored({ type: "Nope" })).toBeNull();
  });
});

describe("text that is not well-formed (NUL, lone surrogates)", () => {
  // JSON escapes are plain ASCII on the wire (no encoder replaces them) and turn into lone
  // surrogates or NUL inside JSON.parse: jsonb would refuse the row, a page could not show it.
  const feature = (properties: string) =>
    `{"type":"Feature","properties":${properties},"geometry":{"type":"Point","coordinates":[2.3522,48.8566]}}`;
  const BAD: [string, string][] = [
    ["an escaped lone high surrogate in a property", feature('{"name":"Place \\ud800"}')],
    ["an escaped lone low surrogate in a property", feature('{"name":"\\udc00 du marché"}')],
    ["an escaped NUL in a key", feature('{"na\\u0000me":"Place"}')],
    ["an escaped surrogate in the type", '{"type":"Point\\ud83d","coordinates":[2.3522,48.8566]}'],
    ["a raw lone surrogate", feature('{"name":"\ud800"}')],
    ["a raw NUL", `${feature("{}")}\u0000`],
    ["a raw NUL in typed coordinates", "48.85\u0000, 2.35"],
  ];

  it.each(BAD)("refuses %s with a translated message", (_, raw) => {
    const key = error(parseLocationInput(raw));
    expect(key).toBe("map:errors.badCharacter");
    expectKnownError(key);
  });

  it("refuses it in any part of the whole field, even when typed coordinates would win", () => {
    const bad = feature('{"name":"\\ud800"}');
    for (const fields of [
      { location: bad, "location-lat": "48.8566", "location-lng": "2.3522" },
      { location: bad, "location-lat": "45,75", "location-lng": "4,85" },
      { location: "", "location-lat": "48.85\u0000", "location-lng": "2.35" },
      { location: "", "location-lat": "48.85", "location-lng": "\u00002.35" },
    ]) {
      expect(error(parseLocationInput(form(fields), "location")), JSON.stringify(fields)).toBe("map:errors.badCharacter");
    }
  });

  it("keeps reading well-formed text: pairs of surrogates (emoji) and accents in properties are fine", () => {
    expect(ok(parseLocationInput(feature('{"name":"Place du marché \\ud83d\\ude00 😀"}')))?.center).toEqual([2.3522, 48.8566]);
  });
});

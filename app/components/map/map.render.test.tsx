// Server rendering of the map components: what works before (and without) JavaScript. The list is
// complete, the place field posts typed coordinates, errors and posted values come back; maplibre is
// never loaded on the server.
import type * as RemixReact from "@remix-run/react";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import type { Locale } from "~/i18n/config";
// eslint-disable-next-line no-restricted-imports -- a test, run on the server: it renders with the server i18n.
import { renderingI18n } from "~/i18n/i18n.server";
import type { MapItem, ParsedLocation } from "~/modules/maps/geometry";
import { LocationField, type LocationFieldProps } from "./LocationField";
import { MapWithList, type MapWithListProps } from "./MapWithList";

vi.mock("@remix-run/react", async (importOriginal) => {
  const original = await importOriginal<typeof RemixReact>();
  return {
    ...original,
    Link: ({ to, children, ...props }: { to: string; children?: ReactNode }) => createElement("a", { href: to, ...props }, children),
  };
});

const items: MapItem[] = [
  { id: "1", title: "Place du Marché", href: "/projects/place-du-marche", description: "Réaménagement", geometry: { type: "Point", coordinates: [2.35, 48.85] } },
  {
    id: "2",
    title: "Parc <des> Rives",
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [2.3, 48.8],
          [2.31, 48.8],
          [2.31, 48.81],
          [2.3, 48.8],
        ],
      ],
    },
  },
];

function render(node: ReactNode, locale: Locale = "fr") {
  return renderToString(createElement(I18nextProvider, { i18n: renderingI18n(locale) }, node));
}

function mapWithList(props: Partial<MapWithListProps> = {}) {
  return render(
    <MapWithList items={items} headingId="projects-heading" center={[2.35, 48.85]} zoom={12} styleUrl={null} emptyText="Aucun projet pour l’instant." {...props} />,
  );
}

function locationField(props: Partial<LocationFieldProps> = {}, locale: Locale = "fr") {
  return render(
    <LocationField name="location" label="Emplacement" allowPolygon center={[2.35, 48.85]} zoom={12} styleUrl={null} {...props} />,
    locale,
  );
}

describe("MapWithList on the server", () => {
  it("renders a region labelled by the page's heading, with every item in the list", () => {
    const html = mapWithList({ listItemExtra: (item) => <span className="badge">n°{item.id}</span> });
    expect(html).toContain('<section aria-labelledby="projects-heading"');
    expect(html.match(/<li /g)).toHaveLength(2);
    expect(html).toContain('<a href="/projects/place-du-marche">Place du Marché</a>');
    expect(html).toContain("Parc &lt;des&gt; Rives");
    expect(html).toContain("Réaménagement");
    expect(html).toContain('<span class="badge">n°<!-- -->2</span>');
    expect(html).toMatch(/<li [^>]*data-map-item="1"[^>]*tabindex="-1"/);
  });

  it("renders a fixed-size placeholder, the instructions and a live region, but no map and no map buttons", () => {
    const html = mapWithList();
    expect(html).toContain('class="mq-map__frame"');
    expect(html).toContain('class="mq-map__placeholder"');
    expect(html).toContain("flèches pour la déplacer");
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain("<noscript>");
    expect(html).not.toContain("maplibregl");
    // "Voir sur la carte" appears once the map works in the browser.
    expect(html).not.toContain("Voir sur la carte");
  });

  it("shows only the empty text when there is nothing to show", () => {
    const html = mapWithList({ items: [] });
    expect(html).toContain("Aucun projet pour l’instant.");
    expect(html).not.toContain("mq-map__frame");
    expect(html).not.toContain("<ul");
  });
});

describe("LocationField on the server", () => {
  const polygon: ParsedLocation = { geometry: items[1]!.geometry, center: [2.3066667, 48.8033333] };

  it("renders labelled latitude and longitude inputs (text with a decimal keyboard: '48,8566' is kept as typed in any browser language), and the hidden GeoJSON", () => {
    const html = locationField({ hint: "Un point ou un contour.", required: true });
    expect(html).toMatch(/<fieldset[^>]*><legend[^>]*>Emplacement/);
    const lat = /<input [^>]*name="location-lat"[^>]*>/.exec(html)?.[0] ?? "";
    const lng = /<input [^>]*name="location-lng"[^>]*>/.exec(html)?.[0] ?? "";
    // type="number" in an English browser turned "48,8566" into 488566.
    for (const input of [lat, lng]) {
      expect(input).toContain('type="text"');
      expect(input).toContain('inputMode="decimal"');
    }
    expect(lat).toContain('required=""');
    for (const input of [lat, lng]) {
      const id = /id="([^"]+)"/.exec(input)?.[1];
      expect(html).toContain(`for="${id}"`);
      const describedBy = /aria-describedby="([^"]+)"/.exec(input)?.[1]?.split(" ") ?? [];
      expect(describedBy.length).toBeGreaterThanOrEqual(2);
      for (const ref of describedBy) expect(html).toContain(`id="${ref}"`);
    }
    expect(html).toContain('<input type="hidden" name="location" value=""/>');
    expect(html).toContain("Latitude");
    expect(html).not.toContain("maplibregl");
  });

  it("for residents: no latitude or longitude, a place's name from the local list instead", () => {
    const places = [
      { name: "Place de la Fontaine", point: [2.35, 48.857] as [number, number] },
      { name: "Rue Pasteur", point: [2.36, 48.858] as [number, number] },
    ];
    const html = locationField({ coordinates: false, places });
    expect(html).not.toContain("location-lat");
    expect(html).not.toContain("Latitude");
    expect(html).not.toContain("WGS");
    const input = /<input [^>]*name="location-place"[^>]*>/.exec(html)?.[0] ?? "";
    const id = /id="([^"]+)"/.exec(input)?.[1];
    expect(html).toContain(`for="${id}"`);
    expect(html).toContain("Adresse ou lieu");
    const list = /list="([^"]+)"/.exec(input)?.[1];
    expect(html).toContain(`<datalist id="${list}"><option value="Place de la Fontaine"></option><option value="Rue Pasteur"></option></datalist>`);
  });

  it("starts from the stored place: its GeoJSON and its centre typed", () => {
    const html = locationField({ defaultValue: polygon });
    expect(html).toContain(`value="${JSON.stringify(polygon.geometry).replace(/"/g, "&quot;")}"`);
    expect(html).toMatch(/name="location-lat"[^>]*value="48.803333"/);
    expect(html).toMatch(/name="location-lng"[^>]*value="2.306667"/);
  });

  it("keeps what was posted after an error, and shows the error next to the field", () => {
    const html = locationField({
      defaultValue: polygon,
      submitted: { location: "", "location-lat": "95", "location-lng": "2" },
      errors: ["map:errors.latitudeRange"],
    });
    expect(html).toMatch(/name="location-lat"[^>]*value="95"/);
    expect(html).toContain('<input type="hidden" name="location" value=""/>');
    expect(html).toContain("La latitude est comprise entre −90 et 90.");
    expect(html).toMatch(/name="location-lat"[^>]*aria-invalid="true"/);
    const errorId = /<p class="field__error" id="([^"]+)"/.exec(html)?.[1];
    expect(/name="location-lat"[^>]*aria-describedby="([^"]+)"/.exec(html)?.[1]).toContain(errorId);
  });

  it("speaks English too", () => {
    const html = locationField({ errors: ["map:errors.incomplete"] }, "en");
    expect(html).toContain("Latitude");
    expect(html).toContain("In decimal degrees (WGS 84)");
    expect(html).toContain("Type both the latitude and the longitude, or neither.");
  });
});

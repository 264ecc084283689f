// The map half of LocationField: shows the chosen point or outline and the outline being drawn, and
// reports clicks. Loaded with React.lazy; LocationField owns the state and the form values.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { bounds, type MapGeometry } from "~/modules/maps/geometry";
import { createMap, prefersReducedMotion, useMapLocale, webglAvailable, type maplibregl } from "./maplibre.client";

export type PickerApi = { getCenter: () => [number, number] };

export type LocationPickerProps = {
  center: [number, number];
  zoom: number;
  styleUrl: string | null;
  /** The chosen place (what the hidden input holds). */
  geometry: MapGeometry | null;
  /** The outline being drawn, vertex by vertex. */
  draft: readonly (readonly [number, number])[];
  describedBy: string;
  onMapClick: (lngLat: [number, number]) => void;
  onReady: (api: PickerApi) => void;
  onFail: () => void;
};

const CHOSEN = "mq-chosen";
const DRAFT = "mq-draft";
const COLOR = "#b34000";
const DRAFT_COLOR = "#000091";

function chosenData(geometry: MapGeometry | null): GeoJSON.FeatureCollection {
  return { type: "FeatureCollection", features: geometry ? [{ type: "Feature", properties: {}, geometry }] : [] };
}

function draftData(draft: readonly (readonly [number, number])[]): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = draft.map((p) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [p[0], p[1]] } }));
  if (draft.length >= 2) {
    features.push({ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: draft.map((p) => [p[0], p[1]]) } });
  }
  return { type: "FeatureCollection", features };
}

export default function LocationPicker(props: LocationPickerProps) {
  const { t } = useTranslation("map");
  const locale = useMapLocale();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const label = t("location.mapLabel");

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { center, zoom, styleUrl, describedBy, geometry } = latest.current;
    if (!webglAvailable()) {
      latest.current.onFail();
      return;
    }
    let map: maplibregl.Map;
    try {
      // Start on the chosen place when there is one.
      const start = geometry?.type === "Point" ? (geometry.coordinates as [number, number]) : center;
      map = createMap({ container, center: start, zoom: geometry?.type === "Point" ? Math.max(zoom, 16) : zoom, styleUrl, locale, label, describedBy });
    } catch (error) {
      console.warn("The map could not start", error);
      latest.current.onFail();
      return;
    }
    mapRef.current = map;
    // A double click would add two vertices and zoom: clicks belong to placing.
    map.doubleClickZoom.disable();
    if (geometry?.type === "Polygon") {
      const [west, south, east, north] = bounds(geometry);
      map.fitBounds(
        [
          [west, south],
          [east, north],
        ],
        { padding: 40, maxZoom: 18, animate: false },
      );
    }

    map.on("style.load", () => {
      if (map.getSource(CHOSEN)) return;
      map.addSource(CHOSEN, { type: "geojson", data: chosenData(latest.current.geometry) });
      map.addSource(DRAFT, { type: "geojson", data: draftData(latest.current.draft) });
      const isPolygon: maplibregl.FilterSpecification = ["==", ["geometry-type"], "Polygon"];
      map.addLayer({ id: "mq-chosen-fill", type: "fill", source: CHOSEN, filter: isPolygon, paint: { "fill-color": COLOR, "fill-opacity": 0.25 } });
      map.addLayer({ id: "mq-chosen-line", type: "line", source: CHOSEN, filter: isPolygon, paint: { "line-color": COLOR, "line-width": 3 } });
      map.addLayer({
        id: "mq-chosen-point",
        type: "circle",
        source: CHOSEN,
        filter: ["==", ["geometry-type"], "Point"],
        paint: { "circle-radius": 9, "circle-color": COLOR, "circle-stroke-width": 3, "circle-stroke-color": "#ffffff" },
      });
      map.addLayer({
        id: "mq-draft-line",
        type: "line",
        source: DRAFT,
        filter: ["==", ["geometry-type"], "LineString"],
        paint: { "line-color": DRAFT_COLOR, "line-width": 2, "line-dasharray": [2, 1] },
      });
      map.addLayer({
        id: "mq-draft-vertex",
        type: "circle",
        source: DRAFT,
        filter: ["==", ["geometry-type"], "Point"],
        paint: { "circle-radius": 6, "circle-color": "#ffffff", "circle-stroke-width": 3, "circle-stroke-color": DRAFT_COLOR },
      });
    });
    map.on("click", (event) => latest.current.onMapClick([event.lngLat.lng, event.lngLat.lat]));
    map.once("load", () => {
      latest.current.onReady({
        getCenter: () => {
          const c = map.getCenter();
          return [c.lng, c.lat];
        },
      });
    });
    map.on("webglcontextlost", () => latest.current.onFail());
    return () => {
      mapRef.current = null;
      map.remove();
    };
    // Created once per mount; the effects below mirror later changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { geometry, draft } = props;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    map.getSource<maplibregl.GeoJSONSource>(CHOSEN)?.setData(chosenData(geometry));
    // A point typed in the inputs may lie outside the view: bring it in.
    if (geometry?.type === "Point" && !map.getBounds().contains(geometry.coordinates as [number, number])) {
      map.easeTo({ center: geometry.coordinates as [number, number], animate: !prefersReducedMotion() });
    }
  }, [geometry]);

  useEffect(() => {
    mapRef.current?.getSource<maplibregl.GeoJSONSource>(DRAFT)?.setData(draftData(draft));
  }, [draft]);

  return <div ref={containerRef} className="mq-map__canvas mq-picker__canvas" />;
}

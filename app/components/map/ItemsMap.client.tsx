// The map half of MapWithList: items as clustered points (HTML buttons, so that the keyboard
// reaches them) and outlines (fill + line), a highlight of the selected item, camera moves on request.
// Loaded with React.lazy; all state lives in MapWithList, this component only mirrors it.
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { bounds, centroid, type MapItem } from "~/modules/maps/geometry";
import { createMap, maplibregl, prefersReducedMotion, useMapLocale, webglAvailable } from "./maplibre.client";

export type ItemsMapProps = {
  items: MapItem[];
  center: [number, number];
  zoom: number;
  styleUrl: string | null;
  selectedId: string | null;
  /** Increases each time the list asks to show the selected item: the camera then moves to it. */
  focusRequest: number;
  describedBy: string;
  clusterLabel?: (count: number) => string;
  onSelect: (id: string) => void;
  onStatus: (status: "ready" | "failed") => void;
  onAnnounce: (text: string) => void;
};

const POINTS = "mq-points";
const AREAS = "mq-areas";
const SELECTED = "mq-selected";
/** Above this zoom points are never grouped; showing one item zooms at least this far. */
const CLUSTER_MAX_ZOOM = 15;
const COLOR = "#000091";
const SELECTED_COLOR = "#b34000";

type PointProps = { id: string; title: string };

function collections(items: MapItem[]) {
  const points: GeoJSON.FeatureCollection<GeoJSON.Point, PointProps> = { type: "FeatureCollection", features: [] };
  const areas: GeoJSON.FeatureCollection<GeoJSON.Polygon, PointProps> = { type: "FeatureCollection", features: [] };
  for (const item of items) {
    const properties = { id: item.id, title: item.title };
    if (item.geometry.type === "Point") points.features.push({ type: "Feature", properties, geometry: item.geometry });
    else areas.features.push({ type: "Feature", properties, geometry: item.geometry });
  }
  return { points, areas };
}

function selectedCollection(item: MapItem | undefined): GeoJSON.FeatureCollection {
  return { type: "FeatureCollection", features: item ? [{ type: "Feature", properties: {}, geometry: item.geometry }] : [] };
}

/** The organization's view may leave some items out: then start on all of them. */
function fitItemsIfHidden(map: maplibregl.Map, items: MapItem[]) {
  if (items.length === 0) return;
  let [west, south, east, north] = bounds(items[0]!.geometry);
  for (const item of items.slice(1)) {
    const [w, s, e, n] = bounds(item.geometry);
    west = Math.min(west, w);
    south = Math.min(south, s);
    east = Math.max(east, e);
    north = Math.max(north, n);
  }
  const view = map.getBounds();
  if (view.contains([west, south]) && view.contains([east, north])) return;
  map.fitBounds(
    [
      [west, south],
      [east, north],
    ],
    { padding: 48, maxZoom: 16, animate: false },
  );
}

export default function ItemsMap(props: ItemsMapProps) {
  const { t } = useTranslation("map");
  const locale = useMapLocale();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  // The latest props, read by map event handlers that are registered once.
  const latest = useRef(props);
  latest.current = props;
  const markers = useRef(new Map<string, { marker: maplibregl.Marker; button: HTMLButtonElement }>());
  const onScreen = useRef(new Set<string>());
  const labels = useRef<{ mapLabel: string; cluster: (count: number) => string }>({ mapLabel: "", cluster: String });
  labels.current = {
    mapLabel: t("region.mapLabel"),
    cluster: props.clusterLabel ?? ((count: number) => t("region.cluster", { count })),
  };

  // Create the map once; center, zoom and style are the organization's and do not change on a page.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { center, zoom, styleUrl, describedBy } = latest.current;
    if (!webglAvailable()) {
      latest.current.onStatus("failed");
      return;
    }
    let map: maplibregl.Map;
    try {
      map = createMap({ container, center, zoom, styleUrl, locale, label: labels.current.mapLabel, describedBy });
    } catch (error) {
      console.warn("The map could not start", error);
      latest.current.onStatus("failed");
      return;
    }
    mapRef.current = map;
    fitItemsIfHidden(map, latest.current.items);
    const markerCache = markers.current;
    const shown = onScreen.current;

    const addData = () => {
      const { points, areas } = collections(latest.current.items);
      const selected = latest.current.items.find((i) => i.id === latest.current.selectedId);
      map.addSource(AREAS, { type: "geojson", data: areas });
      map.addSource(POINTS, { type: "geojson", data: points, cluster: true, clusterRadius: 64, clusterMaxZoom: CLUSTER_MAX_ZOOM });
      map.addSource(SELECTED, { type: "geojson", data: selectedCollection(selected) });
      map.addLayer({ id: "mq-areas-fill", type: "fill", source: AREAS, paint: { "fill-color": COLOR, "fill-opacity": 0.18 } });
      map.addLayer({ id: "mq-areas-line", type: "line", source: AREAS, paint: { "line-color": COLOR, "line-width": 2 } });
      // A halo under each HTML marker; it also makes the source render, which querySourceFeatures needs.
      map.addLayer({
        id: "mq-points-halo",
        type: "circle",
        source: POINTS,
        paint: {
          "circle-color": COLOR,
          "circle-opacity": 0.22,
          "circle-radius": ["case", ["has", "point_count"], 24, 14],
        },
      });
      map.addLayer({
        id: "mq-selected-fill",
        type: "fill",
        source: SELECTED,
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "fill-color": SELECTED_COLOR, "fill-opacity": 0.3 },
      });
      map.addLayer({
        id: "mq-selected-line",
        type: "line",
        source: SELECTED,
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "line-color": SELECTED_COLOR, "line-width": 4 },
      });
      map.addLayer({
        id: "mq-selected-point",
        type: "circle",
        source: SELECTED,
        filter: ["==", ["geometry-type"], "Point"],
        paint: { "circle-radius": 20, "circle-color": SELECTED_COLOR, "circle-opacity": 0.25, "circle-stroke-width": 3, "circle-stroke-color": SELECTED_COLOR },
      });
    };

    const makeButton = (className: string, label: string, text: string, onClick: () => void) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = className;
      button.setAttribute("aria-label", label);
      const visible = document.createElement("span");
      visible.setAttribute("aria-hidden", "true");
      visible.textContent = text;
      button.append(visible);
      button.addEventListener("click", (event) => {
        event.stopPropagation();
        onClick();
      });
      return button;
    };

    const updateMarkers = () => {
      if (!map.getSource(POINTS) || !map.isSourceLoaded(POINTS)) return;
      const next = new Set<string>();
      for (const feature of map.querySourceFeatures(POINTS)) {
        const properties = feature.properties as Record<string, unknown>;
        const [lng, lat] = (feature.geometry as GeoJSON.Point).coordinates as [number, number];
        const isCluster = Boolean(properties.cluster);
        const key = isCluster ? `cluster:${String(properties.cluster_id)}` : `item:${String(properties.id)}`;
        if (next.has(key)) continue;
        next.add(key);
        let entry = markerCache.get(key);
        if (!entry) {
          let button: HTMLButtonElement;
          if (isCluster) {
            const count = Number(properties.point_count);
            const clusterId = Number(properties.cluster_id);
            button = makeButton("mq-marker mq-marker--cluster", labels.current.cluster(count), String(count), () => {
              void zoomIntoCluster(clusterId, [lng, lat], count);
            });
          } else {
            const id = String(properties.id);
            button = makeButton("mq-marker mq-marker--point", String(properties.title), "", () => latest.current.onSelect(id));
            button.dataset.itemId = id;
            if (id === latest.current.selectedId) button.classList.add("is-selected");
          }
          entry = { marker: new maplibregl.Marker({ element: button }).setLngLat([lng, lat]), button };
          markerCache.set(key, entry);
        }
        if (!shown.has(key)) entry.marker.addTo(map);
      }
      for (const key of shown) if (!next.has(key)) markerCache.get(key)?.marker.remove();
      onScreen.current = next;
    };

    const zoomIntoCluster = async (clusterId: number, at: [number, number], count: number) => {
      const source = map.getSource<maplibregl.GeoJSONSource>(POINTS);
      if (!source) return;
      const zoomTo = await source.getClusterExpansionZoom(clusterId);
      map.easeTo({ center: at, zoom: zoomTo, animate: !prefersReducedMotion() });
      // The cluster button disappears with the zoom: keep the keyboard on the map.
      map.getCanvas().focus();
      latest.current.onAnnounce(t("region.zoomedIn", { count }));
    };

    map.on("style.load", () => {
      // Also after a fallback to the local style: the new style has none of our sources.
      if (!map.getSource(POINTS)) addData();
    });
    map.on("render", updateMarkers);
    map.once("load", () => latest.current.onStatus("ready"));
    map.on("click", "mq-areas-fill", (event) => {
      const id = event.features?.[0]?.properties?.id;
      if (typeof id === "string") latest.current.onSelect(id);
    });
    map.on("mouseenter", "mq-areas-fill", () => {
      map.getCanvas().style.cursor = "pointer";
    });
    map.on("mouseleave", "mq-areas-fill", () => {
      map.getCanvas().style.cursor = "";
    });
    map.on("webglcontextlost", () => latest.current.onStatus("failed"));

    return () => {
      for (const { marker } of markerCache.values()) marker.remove();
      markerCache.clear();
      shown.clear();
      onScreen.current = new Set();
      mapRef.current = null;
      map.remove();
    };
    // Created once per mount; later prop changes are mirrored by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // New items (a filter, another page of the list): new data, new markers. Compared by content, so
  // that a page re-rendering with an equal new array does not rebuild the markers.
  const { items } = props;
  const dataKey = useMemo(() => JSON.stringify(items.map((i) => [i.id, i.title, i.geometry])), [items]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const points = map.getSource<maplibregl.GeoJSONSource>(POINTS);
    const areas = map.getSource<maplibregl.GeoJSONSource>(AREAS);
    if (!points || !areas) return;
    const data = collections(latest.current.items);
    for (const { marker } of markers.current.values()) marker.remove();
    markers.current.clear();
    onScreen.current = new Set();
    points.setData(data.points);
    areas.setData(data.areas);
  }, [dataKey]);

  // The selection: highlight layer and the selected marker's style.
  const { selectedId } = props;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const item = latest.current.items.find((i) => i.id === selectedId);
    map.getSource<maplibregl.GeoJSONSource>(SELECTED)?.setData(selectedCollection(item));
    for (const { button } of markers.current.values()) {
      button.classList.toggle("is-selected", button.dataset.itemId !== undefined && button.dataset.itemId === selectedId);
    }
  }, [dataKey, selectedId]);

  // "Show on map" from the list: bring the selected item into view.
  const { focusRequest } = props;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || focusRequest === 0) return;
    const item = latest.current.items.find((i) => i.id === latest.current.selectedId);
    if (!item) return;
    const animate = !prefersReducedMotion();
    if (item.geometry.type === "Point") {
      map.flyTo({ center: centroid(item.geometry), zoom: Math.max(map.getZoom(), CLUSTER_MAX_ZOOM + 1), animate });
    } else {
      const [west, south, east, north] = bounds(item.geometry);
      map.fitBounds(
        [
          [west, south],
          [east, north],
        ],
        { padding: 40, maxZoom: 18, animate },
      );
    }
  }, [focusRequest]);

  return <div ref={containerRef} className="mq-map__canvas" />;
}

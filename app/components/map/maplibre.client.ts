// The one door to maplibre-gl: worker URL, WebGL check, map creation with our labels, keyboard
// settings and the fallback to the local style. Browser-only (*.client.ts), loaded lazily with the map.
import * as maplibregl from "maplibre-gl";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export { maplibregl };

/** The default style: the demo town's streets, buildings and names, all served by this site (public/map/style.json). */
export const LOCAL_STYLE_URL = "/map/style.json";
/** Copied from node_modules/maplibre-gl/dist by app/server/copy-map-assets.mjs. */
export const WORKER_URL = "/map/maplibre-gl-worker.mjs";

let workerConfigured = false;

function configureWorker() {
  if (workerConfigured) return;
  // The version in the query string: a new maplibre release never meets a cached older worker.
  maplibregl.setWorkerUrl(`${WORKER_URL}?v=${maplibregl.getVersion()}`);
  workerConfigured = true;
}

/** Whether this browser can draw a map at all (WebGL may be missing or blocked). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

export type MapLocale = Record<string, string>;

/** maplibre's interface strings in the page's language. */
export function useMapLocale(): MapLocale {
  const { t, i18n } = useTranslation("map");
  return useMemo(
    () => ({
      "Map.Title": t("region.mapLabel"),
      "NavigationControl.ZoomIn": t("controls.zoomIn"),
      "NavigationControl.ZoomOut": t("controls.zoomOut"),
      "NavigationControl.ResetBearing": t("controls.resetBearing"),
      "AttributionControl.ToggleAttribution": t("controls.toggleAttribution"),
      "Marker.Title": t("controls.marker"),
      "Popup.Close": t("controls.closePopup"),
    }),
    // The language is the real dependency: t changes identity with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );
}

export type CreateMapOptions = {
  container: HTMLElement;
  center: [number, number];
  zoom: number;
  styleUrl: string | null;
  locale: MapLocale;
  /** The canvas's accessible name. */
  label: string;
  /** Id of the text that explains how to use the map with the keyboard. */
  describedBy: string;
};

/** Creates a map with keyboard navigation, a labelled canvas and a labelled navigation control.
 *  Throws when WebGL cannot start: the caller shows its "map unavailable" message. */
export function createMap(options: CreateMapOptions): maplibregl.Map {
  configureWorker();
  const localStyle = new URL(LOCAL_STYLE_URL, window.location.href).href;
  const map = new maplibregl.Map({
    container: options.container,
    style: options.styleUrl ?? localStyle,
    center: options.center,
    zoom: options.zoom,
    locale: options.locale,
    keyboard: true,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    cooperativeGestures: false,
    attributionControl: { compact: true },
    maxZoom: 19,
    // The local style names its GeoJSON and glyphs by path; the worker resolves URLs against its own
    // script, so every request gets this page's origin, explicitly.
    transformRequest: (url) => ({ url: new URL(url, window.location.href).href }),
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");

  const canvas = map.getCanvas();
  // An application: screen readers hand the arrow keys over to the map.
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-label", options.label);
  canvas.setAttribute("aria-describedby", options.describedBy);

  if (options.styleUrl) {
    // The organization's basemap could not load (network, CSP, bad URL): fall back to ours.
    let styleLoaded = false;
    let fellBack = false;
    map.once("style.load", () => {
      styleLoaded = true;
    });
    map.on("error", (event) => {
      // Tile errors after the style loaded are not the style's failure.
      if (fellBack || styleLoaded) return;
      fellBack = true;
      console.warn("Map style failed to load, using the local style", event.error);
      map.setStyle(localStyle, { diff: false });
    });
  }
  return map;
}

/** Whether the user asked for less motion: camera moves jump instead of flying. */
export function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;
}

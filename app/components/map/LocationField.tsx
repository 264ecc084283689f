// A form field for a place: a point, or (allowPolygon) an outline. Works without JavaScript through
// typed coordinates; with JavaScript a map (lazy chunk) places the point or draws the outline.
//
// Residents never see coordinates (`coordinates={false}`): they place the point on the map or type
// a street's or a place's name from the local list (`places`). Officials may type coordinates too.
// Posted fields for name="location" (see locationFieldNames in ~/modules/maps/geometry):
//   location        hidden, the GeoJSON geometry the map wrote ("" for none)
//   location-lat    typed latitude  (-90..90; "48,8566" and "48.8566" alike), with `coordinates`
//   location-lng    typed longitude (-180..180), with `coordinates`
//   location-place  a place's name from `places`, without `coordinates`
// The page adds `...mapLinks()` (~/components/map/links) to its links.
// Read them with parseLocationInput(formData, "location", { allowPolygon }); the typed values win when
// they differ from the geometry's centre (typed without JavaScript), and both empty means no place.
import { lazy, Suspense, useCallback, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";
import {
  centroid,
  formatCoordinate,
  locationFieldNames,
  MAX_POLYGON_VERTICES,
  parseCoordinates,
  parseLocationInput,
  polygonFromVertices,
  samePlace,
  type MapGeometry,
  type ParsedLocation,
} from "~/modules/maps/geometry";
import { findPlace, type NamedPlace } from "~/modules/maps/places";
import { MapErrorBoundary, repeatable, useHydrated } from "./client-only";
import type { PickerApi } from "./LocationPicker.client";

const LocationPicker = lazy(() => import("./LocationPicker.client"));

export type LocationFieldProps = {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: ParsedLocation | null;
  /** true for projects (point or outline), false for proposals (point only). */
  allowPolygon: boolean;
  center: [number, number];
  zoom: number;
  styleUrl: string | null;
  /** i18n keys or translated text. */
  errors?: string[];
  /** What was posted, when the form comes back with errors (Conform: `lastResult?.initialValue`): the
   *  typed values are kept as they were. */
  submitted?: Record<string, unknown> | null;
  required?: boolean;
  /** Typed latitude and longitude: for officials. Residents get the place's name instead. */
  coordinates?: boolean;
  /** The local list of named places (streets, squares) residents may type; none: the map only. */
  places?: readonly NamedPlace[];
};

type Mode = "point" | "polygon";
type Vertex = readonly [number, number];

function initialState(props: LocationFieldProps) {
  const names = locationFieldNames(props.name);
  const posted = props.submitted;
  if (posted && (names.geojson in posted || names.lat in posted || names.lng in posted)) {
    const raw = typeof posted[names.geojson] === "string" ? (posted[names.geojson] as string) : "";
    const parsed = parseLocationInput(raw, { allowPolygon: props.allowPolygon });
    return {
      geojson: raw,
      geometry: parsed.ok ? (parsed.value?.geometry ?? null) : null,
      lat: typeof posted[names.lat] === "string" ? (posted[names.lat] as string) : "",
      lng: typeof posted[names.lng] === "string" ? (posted[names.lng] as string) : "",
    };
  }
  const value = props.defaultValue ?? null;
  return {
    geojson: value ? JSON.stringify(value.geometry) : "",
    geometry: value?.geometry ?? null,
    lat: value ? formatCoordinate(value.center[1]) : "",
    lng: value ? formatCoordinate(value.center[0]) : "",
  };
}

export function LocationField(props: LocationFieldProps) {
  const { name, label, hint, allowPolygon, center, zoom, styleUrl, errors, required, coordinates = true, places = [] } = props;
  const { t } = useTranslation(["map", "common"]);
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const uid = useId();
  const ids = {
    hint: `${uid}-hint`,
    coordsHint: `${uid}-coords-hint`,
    lat: `${uid}-lat`,
    lng: `${uid}-lng`,
    error: `${uid}-error`,
    instructions: `${uid}-instructions`,
    summary: `${uid}-summary`,
    place: `${uid}-place`,
    placeHint: `${uid}-place-hint`,
    placeList: `${uid}-place-list`,
  };
  const names = locationFieldNames(name);
  const [initial] = useState(() => initialState(props));
  const [placeName, setPlaceName] = useState(() =>
    typeof props.submitted?.[names.place] === "string" ? (props.submitted[names.place] as string) : "",
  );
  const [lat, setLat] = useState(initial.lat);
  const [lng, setLng] = useState(initial.lng);
  const [geometry, setGeometry] = useState<MapGeometry | null>(initial.geometry);
  // The hidden value starts as posted or stored; after any change it is the geometry's GeoJSON.
  const [touched, setTouched] = useState(false);
  const [mode, setMode] = useState<Mode>(allowPolygon && initial.geometry?.type === "Polygon" ? "polygon" : "point");
  const [draft, setDraft] = useState<Vertex[]>([]);
  const [status, setStatusText] = useState("");
  const setStatus = (text: string) => setStatusText((previous) => repeatable(previous, text));
  const [mapState, setMapState] = useState<"loading" | "ready" | "failed">("loading");
  const picker = useRef<PickerApi | null>(null);

  // What the form posts: the outline being drawn once it has 3 vertices, otherwise the chosen place.
  const effective: MapGeometry | null = mode === "polygon" && draft.length >= 3 ? polygonFromVertices(draft) : geometry;
  const hiddenValue = touched ? (effective ? JSON.stringify(effective) : "") : initial.geojson;

  const showCoordinates = (place: [number, number]) => {
    setLat(formatCoordinate(place[1]));
    setLng(formatCoordinate(place[0]));
  };

  const place = (lngLat: [number, number]) => {
    setTouched(true);
    if (mode === "point") {
      setGeometry({ type: "Point", coordinates: [round7(lngLat[0]), round7(lngLat[1])] });
      setDraft([]);
      showCoordinates(lngLat);
      setStatus(
        coordinates
          ? t("location.pointPlaced", { latitude: formatCoordinate(lngLat[1]), longitude: formatCoordinate(lngLat[0]) })
          : t("location.pointPlacedPlain"),
      );
      return;
    }
    if (draft.length >= MAX_POLYGON_VERTICES) {
      setStatus(t("location.tooManyVertices", { max: String(MAX_POLYGON_VERTICES) }));
      return;
    }
    const next = [...draft, lngLat] as Vertex[];
    setDraft(next);
    if (next.length >= 3) showCoordinates(centroid(polygonFromVertices(next)));
    setStatus(t("location.vertexAdded", { count: next.length }));
  };
  const placeRef = useRef(place);
  placeRef.current = place;
  const onMapClick = useCallback((lngLat: [number, number]) => placeRef.current(lngLat), []);
  const onReady = useCallback((api: PickerApi) => {
    picker.current = api;
    setMapState("ready");
  }, []);
  const onFail = useCallback(() => setMapState("failed"), []);

  const placeAtCenter = () => {
    if (picker.current) place(picker.current.getCenter());
  };

  const undo = () => {
    if (draft.length === 0) return;
    setTouched(true);
    const next = draft.slice(0, -1);
    setDraft(next);
    const shown = next.length >= 3 ? polygonFromVertices(next) : geometry;
    if (shown) showCoordinates(centroid(shown));
    else {
      setLat("");
      setLng("");
    }
    setStatus(t("location.vertexRemoved", { count: next.length }));
  };

  const finish = () => {
    if (draft.length < 3) {
      setStatus(t("location.needMoreVertices"));
      return;
    }
    setTouched(true);
    const polygon = polygonFromVertices(draft);
    setGeometry(polygon);
    setDraft([]);
    showCoordinates(centroid(polygon));
    setStatus(t("location.polygonFinished", { count: draft.length }));
  };

  const clear = () => {
    setTouched(true);
    setPlaceName("");
    setGeometry(null);
    setDraft([]);
    setLat("");
    setLng("");
    setStatus(t("location.cleared"));
  };

  const changeMode = (next: Mode) => {
    setMode(next);
    setDraft([]);
  };

  // Typed coordinates: a valid pair becomes the point (unless it is the centre of the current place).
  const onTyped = (nextLat: string, nextLng: string) => {
    setLat(nextLat);
    setLng(nextLng);
    const typed = parseCoordinates(nextLat, nextLng);
    if (!typed.ok) return;
    setTouched(true);
    if (typed.value === null) {
      setGeometry(null);
      setDraft([]);
      return;
    }
    if (effective && samePlace(centroid(effective), typed.value.center)) return;
    setGeometry(typed.value.geometry);
    setDraft([]);
    setMode("point");
  };

  // A place's name from the list: its point becomes the place (the map follows it).
  const onPlaceTyped = (text: string) => {
    setPlaceName(text);
    const found = findPlace(places, text);
    if (!found) return;
    setTouched(true);
    setGeometry({ type: "Point", coordinates: [round7(found.point[0]), round7(found.point[1])] });
    setDraft([]);
    setMode("point");
    showCoordinates(found.point);
    setStatus(t("location.placeFound", { place: found.name }));
  };

  const hasErrors = Boolean(errors?.length);
  const describedBy = [hint ? ids.hint : null, ids.coordsHint, hasErrors ? ids.error : null].filter(Boolean).join(" ");
  const placeDescribedBy = [hint ? ids.hint : null, ids.placeHint, hasErrors ? ids.error : null].filter(Boolean).join(" ");
  const summary = (() => {
    if (!effective) return t("location.summaryNone");
    if (!coordinates && effective.type === "Point") return t("location.summaryPointPlain");
    const [cLng, cLat] = centroid(effective);
    // Not "lng": i18next reads it as the language.
    const at = { latitude: formatCoordinate(cLat), longitude: formatCoordinate(cLng) };
    if (effective.type === "Point") return t("location.summaryPoint", at);
    return t("location.summaryPolygon", { ...at, count: (effective.coordinates[0]?.length ?? 1) - 1 });
  })();

  return (
    <fieldset className="field mq-location" aria-describedby={hasErrors ? ids.error : undefined}>
      <legend className="mq-location__legend">
        {label} {required ? <span className="field__required">{t("common:form.required")}</span> : null}
      </legend>
      {hint ? (
        <p className="field__hint" id={ids.hint}>
          {hint}
        </p>
      ) : null}
      <input type="hidden" name={names.geojson} value={hiddenValue} />
      {!coordinates && places.length > 0 ? (
        <div className="field mq-location__place">
          <label htmlFor={ids.place}>{t("location.placeLabel")}</label>
          <input
            id={ids.place}
            name={names.place}
            type="text"
            list={ids.placeList}
            value={placeName}
            onChange={(e) => onPlaceTyped(e.target.value)}
            aria-describedby={placeDescribedBy}
            aria-invalid={hasErrors || undefined}
            autoComplete="off"
            maxLength={120}
          />
          <datalist id={ids.placeList}>
            {places.map((p) => (
              <option key={p.name} value={p.name} />
            ))}
          </datalist>
          <p className="field__hint" id={ids.placeHint}>
            {t("location.placeHint")}
          </p>
        </div>
      ) : null}
      {coordinates ? (
        <div className="mq-location__coords">
          <div className="field">
            <label htmlFor={ids.lat}>{t("location.latitude")}</label>
            <input
              id={ids.lat}
              name={names.lat}
              type="text"
              inputMode="decimal"
              spellCheck={false}
              value={lat}
              onChange={(e) => onTyped(e.target.value, lng)}
              aria-describedby={describedBy}
              aria-invalid={hasErrors || undefined}
              required={required}
              aria-required={required || undefined}
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.lng}>{t("location.longitude")}</label>
            <input
              id={ids.lng}
              name={names.lng}
              type="text"
              inputMode="decimal"
              spellCheck={false}
              value={lng}
              onChange={(e) => onTyped(lat, e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={hasErrors || undefined}
              required={required}
              aria-required={required || undefined}
              autoComplete="off"
            />
          </div>
        </div>
      ) : null}
      {coordinates ? (
        <p className="field__hint" id={ids.coordsHint}>
          {t("location.coordinatesHint")}
        </p>
      ) : null}
      {hasErrors ? (
        <p className="field__error" id={ids.error}>
          {errors!.map(errorText).join(" ")}
        </p>
      ) : null}

      {hydrated && mapState !== "failed" ? (
        <div className="mq-location__map">
          {allowPolygon ? (
            <fieldset className="mq-location__mode">
              <legend>{t("location.kind")}</legend>
              {(["point", "polygon"] as const).map((m) => (
                <label key={m} className="mq-location__radio">
                  <input type="radio" name={`${uid}-mode`} value={m} checked={mode === m} onChange={() => changeMode(m)} />
                  {m === "point" ? t("location.kindPoint") : t("location.kindPolygon")}
                </label>
              ))}
            </fieldset>
          ) : null}
          <p className="field__hint">{mode === "point" ? t(coordinates ? "location.mapHelp" : "location.mapHelpPlain") : t("location.mapHelpPolygon")}</p>
          <p id={ids.instructions} className="mq-map__instructions">
            {t("location.mapInstructions", { button: mode === "point" ? t("location.placeAtCenter") : t("location.addVertexAtCenter") })}
          </p>
          <div className="mq-map__frame mq-picker">
            <MapErrorBoundary fallback={<div className="mq-map__placeholder" />} onError={onFail}>
              <Suspense
                fallback={
                  <div className="mq-map__placeholder">
                    <p className="mq-map__placeholder-text">{t("region.loading")}</p>
                  </div>
                }
              >
                <LocationPicker
                  center={center}
                  zoom={zoom}
                  styleUrl={styleUrl}
                  geometry={geometry}
                  draft={draft}
                  describedBy={ids.instructions}
                  onMapClick={onMapClick}
                  onReady={onReady}
                  onFail={onFail}
                />
              </Suspense>
            </MapErrorBoundary>
            <span className="mq-picker__crosshair" aria-hidden="true" />
          </div>
          <div className="actions mq-location__actions">
            <button type="button" className="button button--secondary" onClick={placeAtCenter} disabled={mapState !== "ready"}>
              {mode === "point" ? t("location.placeAtCenter") : t("location.addVertexAtCenter")}
            </button>
            {mode === "polygon" ? (
              <>
                <button type="button" className="button button--secondary" onClick={undo} disabled={draft.length === 0}>
                  {t("location.undo")}
                </button>
                <button type="button" className="button button--secondary" onClick={finish} disabled={draft.length < 3}>
                  {t("location.finish")}
                </button>
              </>
            ) : null}
            <button type="button" className="button button--secondary" onClick={clear} disabled={!effective && draft.length === 0 && !lat && !lng}>
              {t("location.clear")}
            </button>
          </div>
          <p className="mq-location__summary" id={ids.summary}>
            {mode === "polygon" && draft.length > 0 && draft.length < 3 ? `${t("location.drafting", { count: draft.length })} ` : ""}
            {summary}
          </p>
        </div>
      ) : null}
      {hydrated && mapState === "failed" ? (
        <p className="notice notice--error" role="status">
          {t(coordinates ? "location.unavailable" : "location.unavailablePlain")}
        </p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </fieldset>
  );
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

// A map and its HTML equivalent, kept in sync. The list is server-rendered and always complete; the map
// (maplibre, a separate chunk) is loaded in the browser only. Choosing an item in the list shows it on the
// map; choosing it on the map highlights its row, scrolls to it and moves the focus there.
// The page renders the heading (headingId) and adds `...mapLinks()` (~/components/map/links) to its links.
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MapItem } from "~/modules/maps/geometry";
import { MapErrorBoundary, repeatable, useHydrated } from "./client-only";

const ItemsMap = lazy(() => import("./ItemsMap.client"));

export type MapWithListProps = {
  /** What to show; the HTML list renders all of them, always. */
  items: MapItem[];
  /** Id of the heading that labels the region (the page renders the heading). */
  headingId: string;
  /** From the organization (map_center_lng/lat, map_zoom, map_style_url; null → the local default style). */
  center: [number, number];
  zoom: number;
  styleUrl: string | null;
  /** Optional extra content per list row (status, counts…). */
  listItemExtra?: (item: MapItem) => ReactNode;
  emptyText: string;
  /** Optional: the cluster buttons' label, e.g. "12 projets ici, zoomer" (default: "12 éléments ici, zoomer"). */
  clusterLabel?: (count: number) => string;
};

type MapStatus = "loading" | "ready" | "failed";

export function MapWithList({ items, headingId, center, zoom, styleUrl, listItemExtra, emptyText, clusterLabel }: MapWithListProps) {
  const { t } = useTranslation("map");
  const hydrated = useHydrated();
  const uid = useId();
  const instructionsId = `${uid}-instructions`;
  const rowId = (id: string) => `${uid}-item-${id}`;
  const [status, setStatus] = useState<MapStatus>("loading");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const [announcement, setAnnouncementText] = useState("");
  const setAnnouncement = useCallback((text: string) => setAnnouncementText((previous) => repeatable(previous, text)), []);
  const mapRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Each choice made on the map (even of the item already selected) moves the focus to its row.
  const [mapPick, setMapPick] = useState<{ id: string; n: number } | null>(null);

  const selected = items.find((i) => i.id === selectedId);
  useEffect(() => {
    // The selected item left the list (a filter, another page): nothing is selected any more.
    if (selectedId !== null && !selected) setSelectedId(null);
  }, [selectedId, selected]);

  const selectFromMap = useCallback(
    (id: string) => {
      const item = items.find((i) => i.id === id);
      if (!item) return;
      setSelectedId(id);
      setMapPick((previous) => ({ id, n: (previous?.n ?? 0) + 1 }));
      setAnnouncement(t("region.selected", { title: item.title }));
    },
    [items, t, setAnnouncement],
  );

  useEffect(() => {
    if (!mapPick) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-map-item="${CSS.escape(mapPick.id)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: "nearest", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    row.focus({ preventScroll: true });
  }, [mapPick]);

  const showOnMap = (item: MapItem) => {
    setSelectedId(item.id);
    setFocusRequest((n) => n + 1);
    setAnnouncement(t("region.selected", { title: item.title }));
    const map = mapRef.current;
    if (map && !isInViewport(map)) map.scrollIntoView({ block: "nearest", behavior: prefersReducedMotion() ? "auto" : "smooth" });
  };

  const onStatus = useCallback((next: "ready" | "failed") => setStatus(next), []);
  const mapUsable = hydrated && status === "ready";
  const failed = status === "failed";
  const placeholder = (text?: string) => (
    <div className="mq-map__placeholder">{text ? <p className="mq-map__placeholder-text">{text}</p> : null}</div>
  );

  return (
    <section aria-labelledby={headingId} className={`mq-map-with-list${items.length === 0 ? " mq-map-with-list--empty" : ""}`}>
      {items.length === 0 ? (
        <p className="mq-map-with-list__empty">{emptyText}</p>
      ) : (
        <>
          <div className="mq-map" ref={mapRef}>
            {failed ? (
              <p className="notice notice--error mq-map__unavailable" role="status">
                {t("region.unavailable")}
              </p>
            ) : (
              <>
                <p id={instructionsId} className="mq-map__instructions">
                  {t("region.instructions")}
                </p>
                <div className="mq-map__frame">
                  {hydrated ? (
                    <MapErrorBoundary fallback={placeholder()} onError={() => setStatus("failed")}>
                      <Suspense fallback={placeholder(t("region.loading"))}>
                        <ItemsMap
                          items={items}
                          center={center}
                          zoom={zoom}
                          styleUrl={styleUrl}
                          selectedId={selectedId}
                          focusRequest={focusRequest}
                          describedBy={instructionsId}
                          clusterLabel={clusterLabel}
                          onSelect={selectFromMap}
                          onStatus={onStatus}
                          onAnnounce={setAnnouncement}
                        />
                      </Suspense>
                    </MapErrorBoundary>
                  ) : (
                    <div className="mq-map__placeholder">
                      <noscript>
                        <p className="mq-map__placeholder-text mq-map__noscript">{t("region.noscript")}</p>
                      </noscript>
                    </div>
                  )}
                </div>
              </>
            )}
          </div>
          <ul className="mq-list" ref={listRef} aria-label={t("region.list")}>
            {items.map((item) => {
              const isSelected = item.id === selectedId;
              return (
                <li
                  key={item.id}
                  id={rowId(item.id)}
                  data-map-item={item.id}
                  tabIndex={-1}
                  className={`mq-list__item${isSelected ? " is-selected" : ""}`}
                  aria-current={isSelected ? "true" : undefined}
                >
                  <p className="mq-list__title">{item.href ? <Link to={item.href}>{item.title}</Link> : item.title}</p>
                  {item.description ? <p className="mq-list__description">{item.description}</p> : null}
                  {listItemExtra ? <div className="mq-list__extra">{listItemExtra(item)}</div> : null}
                  {mapUsable ? (
                    <button type="button" className="button button--secondary mq-list__show" onClick={() => showOnMap(item)}>
                      {t("region.showOnMap")}
                      <span className="visually-hidden">{t("region.showOnMapSuffix", { title: item.title })}</span>
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </section>
  );
}

function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;
}

function isInViewport(element: HTMLElement): boolean {
  const rect = element.getBoundingClientRect();
  return rect.top >= 0 && rect.bottom <= window.innerHeight;
}

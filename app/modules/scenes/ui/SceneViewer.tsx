// A variant in 3D and its HTML equivalent. Rendered on the server: the poster (fixed size), the
// instructions and the viewpoints with their captioned stills: the complete path without 3D. In the
// browser, once hydrated and when WebGL works, the R3F canvas (scenes/viewer, a lazy chunk: pages
// without 3D never download three.js) replaces the poster, and real buttons drive it: guided tour,
// overview, walking. A missing WebGL, a chunk or a model that fails leaves the poster and a notice;
// everything shown in 3D stays below in words and pictures.
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { repeatable, useHydrated } from "~/components/map/client-only";
import type { ViewerAnnouncement, ViewerController, ViewerMode, ViewerStatus } from "../../../../scenes/viewer/types";
import { ViewerErrorBoundary } from "./ViewerErrorBoundary";

const SceneCanvas = lazy(() => import("./SceneCanvas.client"));

type Vec3 = [number, number, number];
type Picture = { url: string; width: number; height: number };

export type ViewerVariant = {
  id: number;
  title: string;
  /** The optimised GLB; null while the variant has no model (then only the HTML path shows). */
  modelUrl: string | null;
  poster: (Picture & { alt: string }) | null;
  viewpoints: { id: number; name: string; caption: string; camera: Vec3; target: Vec3; still: Picture | null }[];
};

type Props = {
  variant: ViewerVariant;
  /** Id of the heading above (the page renders it): names the viewer's region. */
  headingId: string;
  /** Rendered between the 3D view and the viewpoints (e.g. the variant's description). */
  children?: ReactNode;
};

function hasWebGL(): boolean {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(false);
  useEffect(() => {
    const query = window.matchMedia?.("(prefers-reduced-motion: reduce)");
    if (!query) return;
    setReduced(query.matches);
    const onChange = () => setReduced(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return reduced;
}

export function SceneViewer({ variant, headingId, children }: Props) {
  const { t } = useTranslation("scenes");
  const hydrated = useHydrated();
  const reducedMotion = useReducedMotion();
  const uid = useId();
  const instructionsId = `${uid}-instructions`;
  const frameRef = useRef<HTMLDivElement>(null);
  const controller = useRef<ViewerController | null>(null);
  const [status, setStatus] = useState<ViewerStatus>("loading");
  const [failure, setFailure] = useState<"webgl" | "model" | null>(null);
  const [mode, setMode] = useState<ViewerMode>("tour");
  const [tourIndex, setTourIndex] = useState(0);
  const [announcement, setAnnouncementText] = useState("");
  const announce = useCallback((text: string) => setAnnouncementText((previous) => repeatable(previous, text)), []);
  const viewpoints = variant.viewpoints;
  const has3d = variant.modelUrl !== null;

  // Asked once in the browser, before the viewer's chunk is requested: without WebGL, three.js is never downloaded.
  const [webgl, setWebgl] = useState<boolean | null>(null);
  useEffect(() => {
    if (!hydrated || !has3d || webgl !== null) return;
    const available = hasWebGL();
    setWebgl(available);
    if (!available) {
      setStatus("failed");
      setFailure("webgl");
    }
  }, [hydrated, has3d, webgl]);

  const onStatus = useCallback((next: Exclude<ViewerStatus, "loading">, detail?: string) => {
    if (next === "failed") {
      console.warn("The 3D view could not be displayed", detail);
      setFailure((f) => f ?? "model");
    }
    setStatus(next);
  }, []);

  const viewpointsRef = useRef(viewpoints);
  viewpointsRef.current = viewpoints;
  const onAnnounce = useCallback(
    (event: ViewerAnnouncement) => {
      if (event.kind === "viewpoint") {
        const name = viewpointsRef.current[event.index]?.name ?? "";
        announce(t("viewer.announce.viewpoint", { name }));
      } else announce(t(`viewer.announce.${event.kind}`));
    },
    [announce, t],
  );

  const ready = status === "ready";
  const failed = status === "failed";
  const showCanvas = hydrated && has3d && webgl === true && !failed;

  const goTo = (index: number) => {
    const count = viewpoints.length;
    if (count === 0) return;
    const next = ((index % count) + count) % count;
    setTourIndex(next);
    controller.current?.goToViewpoint(next);
  };

  const viewFromList = (index: number) => {
    goTo(index);
    const frame = frameRef.current;
    if (frame) {
      frame.scrollIntoView({ block: "nearest", behavior: reducedMotion ? "auto" : "smooth" });
      frame.focus({ preventScroll: true });
    }
  };

  const chooseMode = (next: ViewerMode) => {
    if (next === "tour") goTo(tourIndex);
    else controller.current?.setMode(next);
  };

  const poster = variant.poster ?? (viewpoints[0]?.still ? { ...viewpoints[0].still, alt: "" } : null);
  const current = viewpoints[tourIndex];

  return (
    <>
      <section aria-labelledby={headingId} className="scene-viewer" data-scene-status={has3d ? status : "none"}>
        {has3d ? (
          <>
            <div
              ref={frameRef}
              className="scene-viewer__frame"
              data-scene-viewport=""
              data-state={status}
              role="group"
              aria-label={t("viewer.frameLabel", { title: variant.title })}
              aria-describedby={instructionsId}
              tabIndex={ready ? 0 : -1}
            >
              {poster ? (
                <img
                  className={`scene-viewer__poster${ready ? " is-covered" : ""}`}
                  src={poster.url}
                  width={poster.width}
                  height={poster.height}
                  alt={ready ? "" : poster.alt}
                  aria-hidden={ready ? true : undefined}
                />
              ) : null}
              {showCanvas ? (
                <ViewerErrorBoundary onError={(error) => onStatus("failed", String(error))}>
                  <Suspense fallback={null}>
                    <div className="scene-viewer__canvas">
                      <SceneCanvas
                        modelUrl={variant.modelUrl!}
                        viewpoints={viewpoints.map((v) => ({ name: v.name, position: v.camera, target: v.target }))}
                        initialViewpoint={0}
                        label={t("viewer.canvasLabel", { title: variant.title })}
                        reducedMotion={reducedMotion}
                        controller={controller}
                        onStatus={onStatus}
                        onModeChange={setMode}
                        onAnnounce={onAnnounce}
                      />
                    </div>
                  </Suspense>
                </ViewerErrorBoundary>
              ) : null}
              {!ready && !failed ? (
                <p className="scene-viewer__loading" aria-hidden={!hydrated}>
                  {hydrated ? t("viewer.loading") : null}
                  <noscript>{t("viewer.noscript")}</noscript>
                </p>
              ) : null}
            </div>
            {failed ? (
              <p className="notice notice--error scene-viewer__unavailable" role="status">
                {t(failure === "webgl" ? "viewer.noWebgl" : "viewer.unavailable")}
              </p>
            ) : null}
            {ready ? (
              <div className="scene-viewer__controls">
                <div className="scene-viewer__group" role="group" aria-label={t("viewer.modes")}>
                  {(["tour", "orbit", "walk"] as const).map((m) => (
                    <button key={m} type="button" className="button button--secondary scene-viewer__mode" aria-pressed={mode === m} onClick={() => chooseMode(m)}>
                      {t(`viewer.mode.${m}`)}
                    </button>
                  ))}
                </div>
                {viewpoints.length > 0 ? (
                  <div className="scene-viewer__group scene-viewer__tour" role="group" aria-label={t("viewer.tour")}>
                    <button type="button" className="button button--secondary" onClick={() => goTo(tourIndex - 1)}>
                      {t("viewer.previous")}
                    </button>
                    <p className="scene-viewer__where">{t("viewer.position", { n: tourIndex + 1, total: viewpoints.length, name: current?.name ?? "" })}</p>
                    <button type="button" className="button button--secondary" onClick={() => goTo(tourIndex + 1)}>
                      {t("viewer.next")}
                    </button>
                  </div>
                ) : null}
                {mode === "walk" ? (
                  <div className="scene-viewer__group scene-viewer__walk" role="group" aria-label={t("viewer.walkPad")}>
                    <button type="button" className="button button--secondary" onClick={() => controller.current?.turn(Math.PI / 6)}>
                      {t("viewer.turnLeft")}
                    </button>
                    <button type="button" className="button button--secondary" onClick={() => controller.current?.step(2)}>
                      {t("viewer.forward")}
                    </button>
                    <button type="button" className="button button--secondary" onClick={() => controller.current?.step(-2)}>
                      {t("viewer.back")}
                    </button>
                    <button type="button" className="button button--secondary" onClick={() => controller.current?.turn(-Math.PI / 6)}>
                      {t("viewer.turnRight")}
                    </button>
                  </div>
                ) : null}
              </div>
            ) : null}
            <details className="scene-viewer__help">
              <summary>{t("viewer.help")}</summary>
              <p id={instructionsId}>{t("viewer.instructions")}</p>
            </details>
          </>
        ) : (
          <p className="scene-viewer__no-model">{t("viewer.noModel")}</p>
        )}
        <p className="visually-hidden" aria-live="polite" aria-atomic="true">
          {announcement}
        </p>
      </section>
      {children}
      <section aria-labelledby={`${uid}-viewpoints`} className="scene-viewpoints">
        <h3 id={`${uid}-viewpoints`}>{t("public.viewpointsTitle")}</h3>
        {viewpoints.length === 0 ? (
          <p>{t("public.noViewpoints")}</p>
        ) : (
          <>
            <p className="scene-viewpoints__intro">{t("public.viewpointsIntro")}</p>
            <ol className="scene-viewpoints__list">
              {viewpoints.map((viewpoint, index) => (
                <li key={viewpoint.id} className="scene-viewpoint" aria-current={ready && index === tourIndex && mode === "tour" ? "true" : undefined}>
                  <figure className="scene-viewpoint__figure">
                    {viewpoint.still ? (
                      <img
                        className="scene-viewpoint__still"
                        src={viewpoint.still.url}
                        width={viewpoint.still.width}
                        height={viewpoint.still.height}
                        loading="lazy"
                        alt={t("public.stillAlt", { name: viewpoint.name })}
                      />
                    ) : (
                      <p className="scene-viewpoint__no-still">{t("public.noStill")}</p>
                    )}
                    <figcaption>
                      <span className="scene-viewpoint__name">{viewpoint.name}</span> {viewpoint.caption}
                    </figcaption>
                  </figure>
                  {ready ? (
                    <button type="button" className="button button--secondary scene-viewpoint__show" onClick={() => viewFromList(index)}>
                      {t("viewer.showInViewer")}
                      <span className="visually-hidden">{t("viewer.showInViewerSuffix", { name: viewpoint.name })}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </>
  );
}

// The presentation of a project, shared by its public page and the officials' preview: cover,
// summary, body (HTML rendered and sanitized on the server when saved), schedule, documents, place.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { MapWithList } from "~/components/map/MapWithList";
import type { MapItem } from "~/modules/maps/geometry";
import type { CoverImage, MapSettings } from "../types";
import type { TimelineEntry } from "../view";
import { PhaseTimeline } from "./PhaseTimeline";
import { Picture } from "~/components/Picture";

export type DocumentView = { id: number; title: string; url: string; meta: string };

export type PresentationView = {
  summary: string;
  bodyHtml: string;
  cover: CoverImage | null;
  timeline: TimelineEntry[];
  documents: DocumentView[];
  mapItems: MapItem[];
  map: MapSettings;
};

/** `callToAction`: what residents can do in the current phase, at the top of the tab. */
export function ProjectPresentation({ view, callToAction, children }: { view: PresentationView; callToAction?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation(["projects"]);
  return (
    <div className="project-presentation stack">
      {/* First, so that what residents can do now is in sight on a phone without scrolling. */}
      {callToAction}
      {view.cover ? (
        <Picture picture={view.cover} className="project-presentation__cover" sizes="(max-width: 72rem) 100vw, 72rem" />
      ) : null}
      {view.summary ? <p className="lead">{view.summary}</p> : null}
      {/* Stored HTML: generated from validated tiptap JSON by our serializer, then sanitized. */}
      <div className="rich-body" dangerouslySetInnerHTML={{ __html: view.bodyHtml }} />
      <PhaseTimeline entries={view.timeline} headingId="project-timeline" />
      {view.documents.length > 0 ? (
        <section aria-labelledby="project-documents">
          <h2 id="project-documents">{t("projects:page.documents")}</h2>
          <ul className="documents">
            {view.documents.map((d) => (
              <li key={d.id}>
                <a href={d.url} type="application/pdf">
                  {d.title}
                </a>{" "}
                <span className="documents__meta">({d.meta})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2 id="project-location">{t("projects:page.location")}</h2>
      <MapWithList
        items={view.mapItems}
        headingId="project-location"
        center={view.map.center}
        zoom={view.map.zoom}
        styleUrl={view.map.styleUrl}
        emptyText={t("projects:page.locationEmpty")}
      />
      {children}
    </div>
  );
}

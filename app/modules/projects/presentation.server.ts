// Builds what ProjectPresentation shows, for the public tab and the officials' preview alike.
import type { Locale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import type { Db } from "~/utils/db.server";
import { formatBytes } from "~/utils/intl";
import { loadMapSettings, loadProjectPresentation, type ProjectHeader } from "./queries.server";
import type { PresentationView } from "./ui/ProjectPresentation";
import { timelineView } from "./view";

/** Zoom of a single project's map: close enough to see the place. */
const PROJECT_MIN_ZOOM = 15;

export async function buildPresentation(db: Db, organizationId: number, header: ProjectHeader, locale: Locale): Promise<PresentationView | null> {
  const [presentation, map] = await Promise.all([loadProjectPresentation(db, organizationId, header.id), loadMapSettings(db, organizationId)]);
  if (!presentation) return null;
  const t = getT(locale);
  const location = presentation.location;
  return {
    summary: header.summary,
    bodyHtml: presentation.bodyHtml,
    cover: presentation.cover,
    timeline: timelineView(header.phases, header.today, locale),
    documents: presentation.documents.map((d) => {
      const size = formatBytes(d.bytes, locale);
      return {
        id: d.id,
        title: d.title,
        url: d.url,
        meta: d.pages ? t("projects:page.documentMeta", { count: d.pages, size }) : t("projects:page.documentMetaNoPages", { size }),
      };
    }),
    mapItems: location ? [{ id: String(header.id), title: header.title, geometry: location.geometry }] : [],
    map: location ? { ...map, center: location.center, zoom: Math.max(map.zoom, PROJECT_MIN_ZOOM) } : map,
  };
}

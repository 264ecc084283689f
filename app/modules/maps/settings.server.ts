// An organization's map settings (centre, zoom, basemap style), as MapWithList and LocationField
// take them: the one reader of these columns (the projects module re-exports it for its pages).
import type { Db } from "~/utils/db.server";

export type MapSettings = {
  center: [number, number] /* lng, lat */;
  zoom: number;
  /** null → the local default style (public/map/style.json). */
  styleUrl: string | null;
};

export async function loadMapSettings(db: Db, organizationId: number): Promise<MapSettings> {
  const [row] = await db`
    select map_center_lng, map_center_lat, map_zoom, map_style_url
    from organizations where id = ${organizationId}`;
  if (!row) throw new Error(`organization ${organizationId} not found`);
  return {
    center: [Number(row.map_center_lng), Number(row.map_center_lat)],
    zoom: Number(row.map_zoom),
    styleUrl: (row.map_style_url as string | null) ?? null,
  };
}

// Plain data the projects pages pass from loaders to components (no server code here: the map
// settings' type comes from the maps module, which reads them, and is erased when compiled).
export type CoverImage = { src: string; srcSet: string; width: number; height: number; alt: string };
export type ProjectDocument = { id: number; title: string; url: string; bytes: number; pages: number | null };
export type { MapSettings } from "~/modules/maps/settings.server";

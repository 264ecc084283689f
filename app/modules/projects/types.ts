// Plain data the projects pages pass from loaders to components (no server code here).
export type CoverImage = { src: string; srcSet: string; width: number; height: number; alt: string };
export type ProjectDocument = { id: number; title: string; url: string; bytes: number; pages: number | null };
export type MapSettings = { center: [number, number]; zoom: number; styleUrl: string | null };

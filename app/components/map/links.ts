// The stylesheets a page with a map needs: maplibre's own and ours. Pages that show a map spread
// `...mapLinks()` into their `links`; pages without a map load neither.
import type { LinksFunction } from "@remix-run/node";
import maplibreStyles from "maplibre-gl/dist/maplibre-gl.css";
import mapStyles from "./map.css";

export const mapLinks: LinksFunction = () => [
  { rel: "stylesheet", href: maplibreStyles },
  { rel: "stylesheet", href: mapStyles },
];

// The stylesheet of the scene page and of the project page's scene cards.
import type { LinksFunction } from "@remix-run/node";
import styles from "./scenes.css";

export const sceneLinks: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

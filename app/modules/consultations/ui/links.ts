// The consultations' stylesheets: every page that shows a ballot, a tally or the officials' forms
// (with the participation pages' own: badges, back links, disclosures).
import type { LinksFunction } from "@remix-run/node";
import { participationLinks } from "~/modules/comments/ui/links";
import styles from "./consultations.css";

export const consultationLinks: LinksFunction = () => [...participationLinks(), { rel: "stylesheet", href: styles }];

// The consultations' stylesheet: every page that shows a ballot, a tally or the officials' forms.
import type { LinksFunction } from "@remix-run/node";
import styles from "./consultations.css";

export const consultationLinks: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

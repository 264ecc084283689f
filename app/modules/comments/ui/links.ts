// The stylesheet of the participation pages (proposals, debates) and of CommentSection: a page that
// renders CommentSection spreads `...participationLinks()` into its `links`.
import type { LinksFunction } from "@remix-run/node";
import styles from "./participation.css";

export const participationLinks: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

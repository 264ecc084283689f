// Any URL no other route matches: a 404 rendered inside the layout, with the root loader's data
// (menu, language, title) like every other page.
import { notFound } from "~/modules/auth/guards.server";

export function loader(): never {
  notFound();
}

export function action(): never {
  notFound();
}

export default function NotFound() {
  return null;
}

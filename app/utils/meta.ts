// Page titles: "Page – Organization", as RGAA asks for a relevant, unique title per page.
import type { MetaArgs } from "@remix-run/node";

type RootData = { org?: { name: string } } | undefined;

export function pageTitle(args: Pick<MetaArgs, "matches">, title: string | undefined | null) {
  const root = args.matches.find((m) => m.id === "root")?.data as RootData;
  const org = root?.org?.name ?? "Maquette";
  return [{ title: title ? `${title} – ${org}` : org }];
}

// /open-data/projects.csv, projects.json, proposals.csv, proposals.json: the organization's open
// data, streamed from the database as it is downloaded (see modules/opendata).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/modules/auth/guards.server";
import { parseFileName } from "~/modules/opendata/datasets";
import { CONTENT_TYPES, openDataStream } from "~/modules/opendata/export.server";
import { sql } from "~/utils/db.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const file = parseFileName(params.file);
  if (!file) notFound();
  const body = await openDataStream(sql, context.org.id, file.dataset, file.format);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[file.format],
      "Content-Disposition": `attachment; filename="${file.dataset}.${file.format}"`,
      // Public data without credentials: other sites' scripts may read it.
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=60",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

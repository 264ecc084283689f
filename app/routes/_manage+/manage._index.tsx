// /manage: the officials' area starts with the projects.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  return redirect("/manage/projects");
}

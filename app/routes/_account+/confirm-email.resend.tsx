// POST /confirm-email/resend (the banner's and the account page's button): a new confirmation
// link for the logged-in account's address, at most TOKENS_PER_HOUR an hour. The outcome is
// shown by /confirm-email?status=….
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server";
import { resendConfirmation } from "~/modules/users/commands.server";
import { requestMeta } from "~/modules/users/request.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const outcome = await resendConfirmation(context.org, user.id, requestMeta(request, context));
  return redirect(`/confirm-email?status=${outcome.status}`);
}

export function loader(_args: LoaderFunctionArgs) {
  return redirect("/confirm-email");
}

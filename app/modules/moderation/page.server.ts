// What a contribution page (proposal, debate, project presentation) needs from moderation: which
// of its items the viewer may report and already reported, in ONE query for the whole page, and
// why a hidden item is hidden, for its author and the moderators.
import type { HiddenNoticeData } from "~/modules/moderation/ui/HiddenNotice";
import type { SessionUser } from "~/modules/auth/session.server";
import type { CommentThread, ThreadComment } from "~/modules/comments/schema";
import type { Db } from "~/utils/db.server";
import { moderationReasonFor } from "./decisions.server";
import { loadReportedByViewer } from "./reports.server";
import type { ReportTarget } from "./schema";

/** The comments of a thread page that show a report button for this viewer: visible and not theirs. */
export function reportableCommentIds(thread: CommentThread): number[] {
  const ids: number[] = [];
  const walk = (comments: ThreadComment[]) => {
    for (const c of comments) {
      if (c.state === "visible" && !c.mine) ids.push(c.id);
      walk(c.replies);
    }
  };
  walk(thread.mode === "focus" && thread.focus ? [thread.focus] : thread.comments);
  return ids;
}

export type PageReports = {
  /** Logged in, on a project members can see (not a draft): comments get their report button. */
  enabled: boolean;
  /** "type:id" of the page's items this viewer already reported (see targetKey). */
  reported: string[];
};

/**
 * Which of the page's items (`items`: the proposal or debate itself when it may be reported, plus
 * the reportable comments of `thread`) the viewer already reported: one query, none when anonymous.
 */
export async function loadPageReports(
  db: Db,
  input: { viewer: SessionUser | null; projectStatus: string; items: ReportTarget[]; thread: CommentThread },
): Promise<PageReports> {
  const enabled = input.viewer != null && input.projectStatus !== "draft";
  if (!enabled) return { enabled, reported: [] };
  const targets: ReportTarget[] = [...input.items, ...reportableCommentIds(input.thread).map((id) => ({ type: "comment" as const, id }))];
  const reported = await loadReportedByViewer(db, input.viewer?.id, targets);
  return { enabled, reported: [...reported] };
}

/** Why a hidden item is hidden (the moderator's reason, or the number of reports), as HiddenNotice shows it. */
export async function hiddenNoticeFor(db: Db, organizationId: number, target: ReportTarget): Promise<HiddenNoticeData | null> {
  const notice = await moderationReasonFor(db, organizationId, target);
  if (!notice) return null;
  return { automatic: notice.automatic, reason: notice.reason, reportCount: notice.reportCount };
}

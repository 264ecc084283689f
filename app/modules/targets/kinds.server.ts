// The kinds of participation targets Maquette ships with, registered by registry.server.ts
// when it loads. They live together here rather than in their domain modules: the registry must
// know them before any act reads it, and the domain modules import the registry's readers (an
// import cycle). A new kind adds its entry here (or calls registerTargetKind), with its table and
// its row of `target_kinds`.
import { commentAnchor, COMMENTS_PARAM, focusPage } from "~/modules/comments/schema";
import { excerpt } from "~/modules/moderation/text";
import type { TargetKindSpec } from "./registry.server";

export const BUILT_IN_TARGET_KINDS: TargetKindSpec[] = [
  {
    kind: "project",
    table: "projects",
    projectColumn: "id",
    authorColumn: null,
    titleColumn: "title",
    titled: true,
    textColumn: "body_text",
    hiddenColumn: null,
    deletedColumn: null,
    page: { segment: null },
    commentable: true,
    reportable: false,
    // Comments on the project itself are counted by a trigger (migration 00007).
    commentsCount: { column: "comments_count", keptBy: "trigger" },
  },
  {
    kind: "proposal",
    table: "proposals",
    projectColumn: "project_id",
    authorColumn: "author_id",
    titleColumn: "title",
    titled: true,
    textColumn: "body_text",
    hiddenColumn: "hidden_at",
    deletedColumn: null,
    page: { segment: "proposals" },
    commentable: true,
    reportable: true,
    commentsCount: { column: "comments_count", keptBy: "commands" },
  },
  {
    kind: "debate",
    table: "debates",
    projectColumn: "project_id",
    authorColumn: "author_id",
    titleColumn: "title",
    titled: true,
    textColumn: "description",
    hiddenColumn: "hidden_at",
    deletedColumn: null,
    closedColumn: "closed_at",
    page: { segment: "debates" },
    commentable: true,
    reportable: true,
    commentsCount: { column: "comments_count", keptBy: "commands" },
  },
  {
    // A design variant of a 3D scene (app/modules/scenes): its page redirects to the scene's page
    // with the variant chosen; its "author" is the official who added it.
    kind: "variant",
    table: "scene_variants",
    projectColumn: "project_id",
    authorColumn: "author_id",
    titleColumn: "title",
    titled: true,
    textColumn: "description",
    hiddenColumn: "hidden_at",
    deletedColumn: null,
    page: { segment: "variants" },
    commentable: true,
    reportable: true,
    commentsCount: { column: "comments_count", keptBy: "commands" },
  },
  {
    kind: "comment",
    table: "comments",
    projectColumn: "project_id",
    authorColumn: "author_id",
    // A comment has no title: the start of its words names it where one is needed.
    titleColumn: "body",
    titleOf: (raw) => excerpt(raw),
    titled: false,
    hiddenColumn: "hidden_at",
    deletedColumn: "deleted_at",
    // Seen in the focused view of it, on the page of what it comments on.
    page: {
      parent: { typeColumn: "target_type", idColumn: "target_id" },
      anchor: "comment",
      at: (parentPath, id) => `${parentPath}?${COMMENTS_PARAM}=${focusPage(id)}#${commentAnchor(id)}`,
    },
    commentable: false,
    reportable: true,
    commentsCount: null,
  },
];

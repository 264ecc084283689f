// The one visibility rule (visibility.ts) as SQL, for lists read in one statement: which hidden
// rows of a kind the actor's list may hold (all for moderators and admins, else the actor's own).
// Columns come from the kind's registration.
import type { Actor } from "~/modules/auth/actor";
import type { Db } from "~/utils/db.server";
import { targetKind } from "./registry.server";
import { hiddenItemsFor } from "./visibility";

/** `and (...)`: the condition on `alias`'s rows, or nothing when the actor sees them all. */
export function hiddenRowsFilter(db: Db, actor: Actor, kindName: string, alias: string) {
  const kind = targetKind(kindName);
  if (!kind) throw new Error(`unknown target kind ${kindName}`);
  if (!kind.hiddenColumn) return db``;
  const hidden = hiddenItemsFor(actor);
  if (hidden.all) return db``;
  const hiddenAt = db(`${alias}.${kind.hiddenColumn}`);
  if (hidden.authorId == null || !kind.authorColumn) return db`and ${hiddenAt} is null`;
  return db`and (${hiddenAt} is null or ${db(`${alias}.${kind.authorColumn}`)} = ${hidden.authorId})`;
}

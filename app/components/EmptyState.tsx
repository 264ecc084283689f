// What a page says when it has nothing to show yet: what this place is for and what to do next,
// with the action that does it when there is one. A town starts empty: this is its first impression.
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Icon } from "./icons";

export function EmptyState({ icon, title, children, action }: { icon: LucideIcon; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">
        <Icon icon={icon} size={22} />
        {title}
      </p>
      {children ? <p>{children}</p> : null}
      {action ?? null}
    </div>
  );
}

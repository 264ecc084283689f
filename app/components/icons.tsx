// The one icon set (lucide, ISC licence), imported icon by icon so the bundler keeps only those
// used, drawn as inline SVG. Icons are decorative: the text beside them says the same (RGAA 1.1),
// so they are hidden from assistive technologies and never take the focus.
import type { LucideIcon, LucideProps } from "lucide-react";
import { Building2, ClipboardCheck, Info, Lightbulb, Palette, Trees, Vote } from "lucide-react";
import type { PhaseKind, ProjectKind } from "~/modules/projects/phases";

export function Icon({ icon: Glyph, size = 18, ...rest }: { icon: LucideIcon } & Omit<LucideProps, "ref">) {
  return <Glyph size={size} strokeWidth={2} aria-hidden="true" focusable="false" className="icon" {...rest} />;
}

export const KIND_ICONS: Record<ProjectKind, LucideIcon> = { urban: Building2, cultural: Palette, leisure: Trees };

export const PHASE_ICONS: Record<PhaseKind, LucideIcon> = {
  information: Info,
  co_construction: Lightbulb,
  vote: Vote,
  results: ClipboardCheck,
};

// Eligibility facts about an actor that other domains' policies build on (a consultation restricted
// to verified residents of 16 and over): pure functions of the Actor and a date. Client-safe.
import type { Actor } from "~/modules/auth/actor";

/** Whether the actor is a verified resident at `now` (the verification has an end). */
export function isVerifiedResident(actor: Pick<Actor, "verifiedResidentUntil">, now: Date = new Date()): boolean {
  if (!actor.verifiedResidentUntil) return false;
  const until = Date.parse(actor.verifiedResidentUntil);
  return Number.isFinite(until) && until > now.getTime();
}

/**
 * Age in whole years on `day` (YYYY-MM-DD, the Paris calendar day of the decision), or null when
 * the birth date is unknown or malformed. Someone born on 29 February has their birthday on
 * 1 March in common years (French civil practice).
 */
export function ageOn(birthDate: string | null | undefined, day: string): number | null {
  const birth = parseDay(birthDate);
  const on = parseDay(day);
  if (!birth || !on) return null;
  let age = on.y - birth.y;
  const birthdayPassed = on.m > birth.m || (on.m === birth.m && on.d >= birth.d) || (birth.m === 2 && birth.d === 29 && on.m === 3 && on.d >= 1 && !isLeap(on.y));
  if (!birthdayPassed) age -= 1;
  return age >= 0 ? age : null;
}

/** Whether the actor is at least `minimumAge` on `day`; an unknown birth date never qualifies. */
export function hasMinimumAge(actor: Pick<Actor, "birthDate">, minimumAge: number, day: string): boolean {
  const age = ageOn(actor.birthDate, day);
  return age !== null && age >= minimumAge;
}

/** Today on the Paris calendar, YYYY-MM-DD (decisions use the Paris day, like phases). */
export function parisDay(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function isLeap(y: number) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function parseDay(value: string | null | undefined): { y: number; m: number; d: number } | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

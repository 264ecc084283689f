// Census matching rules, pure: how a family name, given names and a birth date become one
// comparable identity string, and how a census CSV is read. The same rule serves the import and
// the FranceConnect identity, so "LEFÈVRE-DURAND, Jean-Éloi, 02/03/2012" from the town hall and
// "Lefevre Durand / Jean Éloi / 2012-03-02" from FranceConnect are the same person.

export type CensusRejectionReason = "columns" | "family_name" | "given_names" | "birth_date" | "duplicate" | "too_many_lines";
export type CensusRejection = { line: number; reason: CensusRejectionReason };

/**
 * Upper case without accents; ligatures spelled out (Œ → OE, Æ → AE, ß → SS); hyphens, apostrophes,
 * dots, commas and underscores become spaces; spaces collapsed. "d’Arc" → "D ARC", "Aït-Saadi" → "AIT SAADI".
 */
export function normaliseName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[œŒ]/g, "OE")
    .replace(/[æÆ]/g, "AE")
    .replace(/ß/g, "SS")
    .replace(/[øØ]/g, "O")
    .replace(/[łŁ]/g, "L")
    .toUpperCase()
    .replace(/[-‐‑‒–—'’‘`´.,_/]/g, " ")
    .replace(/[^\p{L}\p{N} ]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** YYYY-MM-DD from "1962-08-24", "24/08/1962" or "24-08-1962"; null when not a real day. */
export function normaliseBirthDate(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The identity string that is hashed: "DUBOIS|ANGELA CLAIRE LOUISE|1962-08-24", or why not. */
export function censusIdentity(
  familyName: string,
  givenNames: string,
  birthDate: string,
): { ok: true; value: string } | { ok: false; reason: CensusRejectionReason } {
  const family = normaliseName(familyName);
  if (!family || family.length > 200) return { ok: false, reason: "family_name" };
  const given = normaliseName(givenNames);
  if (!given || given.length > 200) return { ok: false, reason: "given_names" };
  const date = normaliseBirthDate(birthDate);
  if (!date) return { ok: false, reason: "birth_date" };
  return { ok: true, value: `${family}|${given}|${date}` };
}

const HEADERS = {
  familyName: ["nom", "nom_de_naissance", "nom de naissance", "family_name", "familyname", "surname"],
  givenNames: ["prenoms", "prénoms", "prenom", "prénom", "given_names", "given_name", "givenname", "first_names"],
  birthDate: ["date_naissance", "date de naissance", "date_de_naissance", "birth_date", "birthdate", "naissance"],
};

export type CensusLine = { line: number; familyName: string; givenNames: string; birthDate: string };

/** Splits one CSV record (RFC 4180 quotes, `""` inside quotes) with `separator`. */
function splitRecord(text: string, separator: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === separator) {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * Reads a census CSV: a header line naming the three columns (French or English names, any order),
 * `;` or `,` separated (whichever the header uses), UTF-8 with or without BOM. Lines are numbered
 * as a spreadsheet shows them (the header is line 1); blank lines are skipped, not counted.
 */
export function parseCsv(
  input: string,
  maxLines: number,
): { lines: CensusLine[]; rejected: CensusRejection[]; totalLines: number; headerError: boolean } {
  const records = input.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const header = records[0] ?? "";
  const separator = (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ";" : ",";
  const names = splitRecord(header, separator).map((h) => normaliseHeader(h));
  const index = {
    familyName: names.findIndex((n) => HEADERS.familyName.includes(n)),
    givenNames: names.findIndex((n) => HEADERS.givenNames.includes(n)),
    birthDate: names.findIndex((n) => HEADERS.birthDate.includes(n)),
  };
  if (index.familyName < 0 || index.givenNames < 0 || index.birthDate < 0) {
    return { lines: [], rejected: [], totalLines: 0, headerError: true };
  }
  const lines: CensusLine[] = [];
  const rejected: CensusRejection[] = [];
  let total = 0;
  for (let i = 1; i < records.length; i++) {
    const raw = records[i]!;
    if (raw.trim() === "") continue;
    total++;
    const line = i + 1;
    if (total > maxLines) {
      rejected.push({ line, reason: "too_many_lines" });
      break;
    }
    const fields = splitRecord(raw, separator);
    if (fields.length !== names.length) {
      rejected.push({ line, reason: "columns" });
      continue;
    }
    lines.push({ line, familyName: fields[index.familyName]!, givenNames: fields[index.givenNames]!, birthDate: fields[index.birthDate]! });
  }
  return { lines, rejected, totalLines: total, headerError: false };
}

function normaliseHeader(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, " ");
}

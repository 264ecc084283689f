// The census of verified residents: an admin imports a CSV (family name, given names, birth date);
// each good line becomes a keyed hash (HMAC-SHA-256 under the organization's census_key) of the
// normalised identity, and nothing readable is kept. A FranceConnect identity whose hash is in the
// census makes its member a verified resident until the import's end date. Bad lines are reported
// by number and reason, never by content; the good ones are imported.
import crypto from "node:crypto";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction } from "~/modules/events/outbox.server";
import type { Db } from "~/utils/db.server";
import { censusIdentity, normaliseBirthDate, parseCsv, type CensusRejection } from "./census";

export const CENSUS_MAX_LINES = 200_000;

async function censusKey(db: Db, organizationId: number): Promise<Buffer> {
  const fresh = crypto.randomBytes(32);
  const [row] = await db`
    update organizations set census_key = coalesce(census_key, ${fresh}) where id = ${organizationId} returning census_key`;
  return row!.census_key as Buffer;
}

function identityHash(key: Buffer, identity: string): Buffer {
  return crypto.createHmac("sha256", key).update(identity, "utf8").digest();
}

export type CensusImportResult = {
  importId: number;
  totalLines: number;
  importedLines: number;
  rejected: CensusRejection[];
};

/** Imports a census file. Lines already in the census count as imported (their end date moves to this import's). */
export async function importCensus(
  db: Db,
  input: { organizationId: number; actorId: number; csv: string; validUntil: string },
): Promise<CensusImportResult | { headerError: true }> {
  const parsed = parseCsv(input.csv, CENSUS_MAX_LINES);
  // Without the three columns nothing can be read: nothing is imported, the form says why.
  if (parsed.headerError) return { headerError: true };
  return inTransaction(db, async (tx): Promise<CensusImportResult> => {
    const key = await censusKey(tx, input.organizationId);
    const rejected = [...parsed.rejected];
    const seen = new Set<string>();
    const hashes: Buffer[] = [];
    for (const line of parsed.lines) {
      const identity = censusIdentity(line.familyName, line.givenNames, line.birthDate);
      if (!identity.ok) {
        rejected.push({ line: line.line, reason: identity.reason });
        continue;
      }
      if (seen.has(identity.value)) {
        rejected.push({ line: line.line, reason: "duplicate" });
        continue;
      }
      seen.add(identity.value);
      hashes.push(identityHash(key, identity.value));
    }
    rejected.sort((a, b) => a.line - b.line);
    const [created] = await tx`
      insert into census_imports (organization_id, imported_by, valid_until, total_lines, imported_lines, rejected)
      values (${input.organizationId}, ${input.actorId}, ${input.validUntil}, ${parsed.totalLines}, ${hashes.length},
              ${tx.json(rejected.slice(0, 1000) as never)})
      returning id`;
    const importId = Number(created!.id);
    for (let i = 0; i < hashes.length; i += 5000) {
      const chunk = hashes.slice(i, i + 5000).map((h) => h.toString("hex"));
      await tx`
        insert into census_entries (organization_id, identity_hash, import_id)
        select ${input.organizationId}, decode(h, 'hex'), ${importId} from unnest(${chunk}::text[]) as h
        on conflict (organization_id, identity_hash) do update set import_id = excluded.import_id`;
    }
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: "census.import",
      subjectType: "census_import",
      subjectId: importId,
      data: { totalLines: parsed.totalLines, importedLines: hashes.length, rejectedLines: rejected.length, validUntil: input.validUntil },
    });
    return { importId, totalLines: parsed.totalLines, importedLines: hashes.length, rejected };
  });
}

/** The census import that holds this identity, if any (its end date bounds the verification). */
export async function matchCensus(
  db: Db,
  organizationId: number,
  person: { familyName: string; givenNames: string; birthDate: string },
): Promise<{ validUntil: string } | null> {
  const identity = censusIdentity(person.familyName, person.givenNames, normaliseBirthDate(person.birthDate) ?? "");
  if (!identity.ok) return null;
  const [org] = await db`select census_key from organizations where id = ${organizationId}`;
  if (!org?.census_key) return null;
  const [row] = await db`
    select to_char(i.valid_until, 'YYYY-MM-DD') as valid_until from census_entries e
    join census_imports i on i.id = e.import_id and i.organization_id = e.organization_id
    where e.organization_id = ${organizationId} and e.identity_hash = ${identityHash(org.census_key as Buffer, identity.value)}
      and i.valid_until >= (now() at time zone 'Europe/Paris')::date`;
  return row ? { validUntil: String(row.valid_until) } : null;
}

export type CensusImportSummary = {
  id: number;
  createdAt: Date;
  validUntil: string;
  totalLines: number;
  importedLines: number;
  rejected: CensusRejection[];
};

export async function listCensusImports(db: Db, organizationId: number, limit = 10): Promise<CensusImportSummary[]> {
  const rows = await db`
    select id, created_at, to_char(valid_until, 'YYYY-MM-DD') as valid_until, total_lines, imported_lines, rejected
    from census_imports where organization_id = ${organizationId} order by id desc limit ${limit}`;
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: r.created_at as Date,
    validUntil: String(r.valid_until),
    totalLines: Number(r.total_lines),
    importedLines: Number(r.imported_lines),
    rejected: (r.rejected as CensusRejection[]) ?? [],
  }));
}

/**
 * An admin saw the member in person (an identity document, a proof of address): verified resident
 * until `until`, with the birth date seen when given. Audited; refused for another organization's member.
 */
export async function verifyInPerson(
  db: Db,
  input: { organizationId: number; actorId: number; userId: number; until: string; birthDate: string | null },
): Promise<"verified" | "not_found"> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx`
      update users set resident_verified_until = ${input.until}::date + 1, resident_verified_by = 'in_person',
        birth_date = coalesce(${input.birthDate}::date, birth_date)
      where id = ${input.userId} and organization_id = ${input.organizationId} and deleted_at is null
      returning id`;
    if (!row) return "not_found" as const;
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: "resident.verify",
      subjectType: "user",
      subjectId: input.userId,
      data: { method: "in_person", until: input.until, birthDateRecorded: input.birthDate !== null },
    });
    return "verified" as const;
  });
}

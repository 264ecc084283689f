// Census matching: the normalisation rule (accents, hyphens, apostrophes, compound names,
// ligatures, date formats), the CSV reader's report of rejected lines, the import storing only
// keyed hashes, and a FranceConnect identity found (or not) in it. Eligibility facts (verified
// resident, age on a day) as a table.
import { describe, expect, it } from "vitest";
import { actorOf } from "~/modules/auth/actor";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { censusIdentity, normaliseBirthDate, normaliseName, parseCsv } from "./census";
import { importCensus, matchCensus, verifyInPerson } from "./census.server";
import { ageOn, hasMinimumAge, isVerifiedResident } from "./eligibility";

describe("normaliseName", () => {
  it.each([
    ["Lefèvre-Durand", "LEFEVRE DURAND"],
    ["LEFÈVRE DURAND", "LEFEVRE DURAND"],
    ["  lefevre   durand ", "LEFEVRE DURAND"],
    ["Aït Saadi", "AIT SAADI"],
    ["d’Arc", "D ARC"],
    ["D'ARC", "D ARC"],
    ["O’Neill", "O NEILL"],
    ["Jean-Éloi", "JEAN ELOI"],
    ["Jean Éloi", "JEAN ELOI"],
    ["Angela Claire Louise", "ANGELA CLAIRE LOUISE"],
    ["Angela, Claire, Louise", "ANGELA CLAIRE LOUISE"],
    ["Œuvray", "OEUVRAY"],
    ["Lætitia", "LAETITIA"],
    ["Müller", "MULLER"],
    ["Çelik", "CELIK"],
    ["Ñúñez", "NUNEZ"],
    ["Straße", "STRASSE"],
    ["Łukasz", "LUKASZ"],
    ["St. Cyr", "ST CYR"],
    ["Marie‐Hélène", "MARIE HELENE"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});

describe("normaliseBirthDate", () => {
  it.each([
    ["1962-08-24", "1962-08-24"],
    ["24/08/1962", "1962-08-24"],
    ["4/8/1962", "1962-08-04"],
    ["24-08-1962", "1962-08-24"],
    ["24.08.1962", "1962-08-24"],
    ["29/02/2000", "2000-02-29"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseBirthDate(input)).toBe(expected);
  });
  it.each(["29/02/1962", "31/04/1990", "1962-13-01", "24/08/62", "hier", "", "1899-12-31"])("refuses %s", (input) => {
    expect(normaliseBirthDate(input)).toBeNull();
  });
});

describe("censusIdentity", () => {
  it("is the same for the town hall's spelling and FranceConnect's", () => {
    const townHall = censusIdentity("LEFÈVRE-DURAND", "Jean-Éloi", "02/03/2012");
    const franceConnect = censusIdentity("Lefevre Durand", "Jean Éloi", "2012-03-02");
    expect(townHall).toEqual({ ok: true, value: "LEFEVRE DURAND|JEAN ELOI|2012-03-02" });
    expect(franceConnect).toEqual(townHall);
  });
  it("tells apart people whose names only differ by a given name, or by birth date", () => {
    const a = censusIdentity("Dubois", "Angela Claire Louise", "1962-08-24");
    expect(censusIdentity("Dubois", "Angela", "1962-08-24")).not.toEqual(a);
    expect(censusIdentity("Dubois", "Angela Claire Louise", "1962-08-25")).not.toEqual(a);
    expect(censusIdentity("Dubois-Martin", "Angela Claire Louise", "1962-08-24")).not.toEqual(a);
  });
  it("names what is missing", () => {
    expect(censusIdentity(" - ", "Anne", "1990-01-01")).toEqual({ ok: false, reason: "family_name" });
    expect(censusIdentity("Martin", "", "1990-01-01")).toEqual({ ok: false, reason: "given_names" });
    expect(censusIdentity("Martin", "Anne", "1990-02-30")).toEqual({ ok: false, reason: "birth_date" });
  });
});

describe("parseCsv", () => {
  it("reads ; or , with the columns in any order, quotes, a BOM and CRLF; numbers lines as a spreadsheet does", () => {
    const csv = '\uFEFFdate_naissance;nom;prénoms\r\n24/08/1962;DUBOIS;"Angela; Claire"\r\n\r\n01/01/2000;MARTIN\r\n02/03/2012;"LEFÈVRE ""dit"" DURAND";Jean-Éloi\r\n';
    const parsed = parseCsv(csv, 100);
    expect(parsed.headerError).toBe(false);
    expect(parsed.totalLines).toBe(3);
    expect(parsed.lines).toEqual([
      { line: 2, familyName: "DUBOIS", givenNames: "Angela; Claire", birthDate: "24/08/1962" },
      { line: 5, familyName: 'LEFÈVRE "dit" DURAND', givenNames: "Jean-Éloi", birthDate: "02/03/2012" },
    ]);
    expect(parsed.rejected).toEqual([{ line: 4, reason: "columns" }]);
    const comma = parseCsv("family_name,given_names,birth_date\nDubois,Angela,1962-08-24\n", 100);
    expect(comma.lines).toHaveLength(1);
  });
  it("refuses a file without the three columns", () => {
    expect(parseCsv("nom;prenom\nDUBOIS;Angela\n", 100).headerError).toBe(true);
    expect(parseCsv("", 100).headerError).toBe(true);
  });
  it("stops at the line limit and says so", () => {
    const parsed = parseCsv("nom;prenoms;date_naissance\nA;B;01/01/2000\nC;D;01/01/2000\nE;F;01/01/2000\n", 2);
    expect(parsed.lines).toHaveLength(2);
    expect(parsed.rejected).toEqual([{ line: 4, reason: "too_many_lines" }]);
  });
});

describe("importCensus and matchCensus", () => {
  it("imports the good lines, reports the bad ones by number and reason, keeps only hashes, and matches identities", async () => {
    const org = await createTestOrganization();
    const other = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin" });
    const csv = [
      "nom;prenoms;date_naissance",
      "DUBOIS;Angela Claire Louise;24/08/1962",
      "LEFÈVRE-DURAND;Jean-Éloi;02/03/2012",
      "MARTIN;;01/01/1980",
      "BERNARD;Luc;31/02/1980",
      "Lefevre Durand;Jean Eloi;2012-03-02",
      "PETIT;Anne",
    ].join("\n");
    const result = await importCensus(sql, { organizationId: org.id, actorId: admin.id, csv, validUntil: "2099-12-31" });
    expect(result).toMatchObject({
      totalLines: 6,
      importedLines: 2,
      rejected: [
        { line: 4, reason: "given_names" },
        { line: 5, reason: "birth_date" },
        { line: 6, reason: "duplicate" },
        { line: 7, reason: "columns" },
      ],
    });
    // Nothing readable is stored: no name, no date, in any column of the census tables.
    const stored = JSON.stringify(await sql`select * from census_entries where organization_id = ${org.id}`) +
      JSON.stringify(await sql`select * from census_imports where organization_id = ${org.id}`);
    for (const text of ["DUBOIS", "Angela", "LEFEVRE", "1962", "MARTIN", "BERNARD", "PETIT"]) expect(stored).not.toContain(text);

    expect(await matchCensus(sql, org.id, { familyName: "DUBOIS", givenNames: "Angela Claire Louise", birthDate: "1962-08-24" })).toEqual({
      validUntil: "2099-12-31",
    });
    expect(await matchCensus(sql, org.id, { familyName: "Lefèvre Durand", givenNames: "JEAN ÉLOI", birthDate: "2012-03-02" })).not.toBeNull();
    expect(await matchCensus(sql, org.id, { familyName: "DUBOIS", givenNames: "Angela", birthDate: "1962-08-24" })).toBeNull();
    // Another organization's census is its own (and its key too).
    expect(await matchCensus(sql, other.id, { familyName: "DUBOIS", givenNames: "Angela Claire Louise", birthDate: "1962-08-24" })).toBeNull();
    const [audit] = await sql`select action, data from audit_log where organization_id = ${org.id} and action = 'census.import'`;
    expect(audit?.data).toMatchObject({ totalLines: 6, importedLines: 2, rejectedLines: 4 });
  });

  it("does not match a census whose end date has passed", async () => {
    const org = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin" });
    await importCensus(sql, { organizationId: org.id, actorId: admin.id, csv: "nom;prenoms;date_naissance\nPETIT;Anne;01/01/1990\n", validUntil: "2020-01-01" });
    expect(await matchCensus(sql, org.id, { familyName: "Petit", givenNames: "Anne", birthDate: "1990-01-01" })).toBeNull();
  });

  it("refuses a file without its columns and imports nothing", async () => {
    const org = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin" });
    expect(await importCensus(sql, { organizationId: org.id, actorId: admin.id, csv: "a;b;c\n1;2;3\n", validUntil: "2099-01-01" })).toEqual({ headerError: true });
    const [row] = await sql`select count(*)::int as n from census_imports where organization_id = ${org.id}`;
    expect(row?.n).toBe(0);
  });

  it("verifies a member in person, in their own organization only", async () => {
    const org = await createTestOrganization();
    const other = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin" });
    const member = await createTestUser(org.id);
    const stranger = await createTestUser(other.id);
    expect(await verifyInPerson(sql, { organizationId: org.id, actorId: admin.id, userId: stranger.id, until: "2099-01-01", birthDate: null })).toBe("not_found");
    expect(await verifyInPerson(sql, { organizationId: org.id, actorId: admin.id, userId: member.id, until: "2099-01-01", birthDate: "2008-05-06" })).toBe("verified");
    const [row] = await sql`select resident_verified_by, to_char(birth_date, 'YYYY-MM-DD') as birth_date from users where id = ${member.id}`;
    expect(row).toEqual({ resident_verified_by: "in_person", birth_date: "2008-05-06" });
  });
});

describe("eligibility", () => {
  const actor = (residentUntil: string | null, birthDate: string | null) =>
    actorOf(1, { id: 2, organizationId: 1, email: "a@b.c", name: "A", role: "citizen", isSystemAdmin: false, locale: null, emailConfirmed: true, residentUntil, birthDate });

  it("a verified resident until a moment, not after", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    expect(isVerifiedResident(actor("2026-12-03T00:00:00.000Z", null), now)).toBe(true);
    expect(isVerifiedResident(actor("2026-12-02T09:59:59.000Z", null), now)).toBe(false);
    expect(isVerifiedResident(actor(null, null), now)).toBe(false);
    expect(isVerifiedResident(actorOf(1, null), now)).toBe(false);
  });

  it.each([
    ["2010-12-02", "2026-12-02", 16],
    ["2010-12-03", "2026-12-02", 15],
    ["2010-11-30", "2026-12-02", 16],
    ["2008-02-29", "2026-02-28", 17],
    ["2008-02-29", "2026-03-01", 18],
    ["2008-02-29", "2028-02-29", 20],
    ["2026-12-03", "2026-12-02", null],
    ["2010-02-30", "2026-12-02", null],
  ])("born %s, on %s: %s years", (birth, day, age) => {
    expect(ageOn(birth, day)).toBe(age);
  });

  it("an unknown birth date never meets a minimum age", () => {
    expect(hasMinimumAge(actor(null, null), 16, "2026-12-02")).toBe(false);
    expect(hasMinimumAge(actor(null, "2010-12-02"), 16, "2026-12-02")).toBe(true);
    expect(hasMinimumAge(actor(null, "2010-12-03"), 16, "2026-12-02")).toBe(false);
  });
});

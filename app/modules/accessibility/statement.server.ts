// Reading and saving an organization's accessibility statement (one row per organization, see
// migration 00015). The admin page and the demo seed save through the same command.
import { recordAudit } from "~/modules/audit/audit.server";
import { forgetOrganizationCache } from "~/modules/organizations/queries.server";
import type { Db, Sql, Tx } from "~/utils/db.server";
import type { StatementInput } from "./schema";
import { conformanceState, STATEMENT_LISTS, type AccessibilityStatement, type StatementList } from "./statement";

const COLUMN_OF: Record<StatementList, string> = {
  nonConformities: "non_conformities",
  derogations: "derogations",
  exemptions: "exemptions",
  technologies: "technologies",
  testEnvironments: "test_environments",
  tools: "tools",
  auditedPages: "audited_pages",
};

/** A date column as the ISO day PostgreSQL stored (`to_char`, so that no time zone moves it). */
function toStatement(row: Record<string, unknown>): AccessibilityStatement {
  const lists = Object.fromEntries(STATEMENT_LISTS.map((name) => [name, (row[COLUMN_OF[name]] as string[] | null) ?? []])) as Record<
    StatementList,
    string[]
  >;
  return {
    complianceRate: row.compliance_rate == null ? null : Number(row.compliance_rate),
    auditedOn: (row.audited_on as string | null) ?? null,
    auditor: (row.auditor as string | null) ?? null,
    statedOn: String(row.stated_on),
    ...lists,
  };
}

const SELECT_COLUMNS = (db: Db) => db`
  compliance_rate, to_char(audited_on, 'YYYY-MM-DD') as audited_on, auditor, to_char(stated_on, 'YYYY-MM-DD') as stated_on,
  non_conformities, derogations, exemptions, technologies, test_environments, tools, audited_pages`;

/** The organization's statement, or null when its admins have not written one yet. */
export async function getAccessibilityStatement(db: Db, organizationId: number): Promise<AccessibilityStatement | null> {
  const [row] = await db`select ${SELECT_COLUMNS(db)} from accessibility_statements where organization_id = ${organizationId}`;
  return row ? toStatement(row) : null;
}

function sameStatement(a: AccessibilityStatement, b: AccessibilityStatement): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Writes the statement (validated by StatementSchema), records `organization.update` with the
 * state and rate before and after, and forgets the cached organization (the footer says the
 * state). The same statement again: nothing written, `changed` false.
 */
export async function saveAccessibilityStatement(
  db: Db,
  input: { organizationId: number; actorId: number; statement: StatementInput },
): Promise<{ changed: boolean }> {
  const { organizationId, actorId } = input;
  const next: AccessibilityStatement = {
    complianceRate: input.statement.complianceRate ?? null,
    auditedOn: input.statement.auditedOn ?? null,
    auditor: input.statement.auditor ?? null,
    statedOn: input.statement.statedOn,
    ...(Object.fromEntries(STATEMENT_LISTS.map((name) => [name, input.statement[name]])) as Record<StatementList, string[]>),
  };
  const run = async (tx: Tx) => {
    // The organization's row is locked, so that two admins saving at once write one after the other.
    await tx`select id from organizations where id = ${organizationId} for update`;
    const [row] = await tx`select ${SELECT_COLUMNS(tx)} from accessibility_statements where organization_id = ${organizationId}`;
    const before = row ? toStatement(row) : null;
    if (before && sameStatement(before, next)) return { changed: false };
    const values = {
      organization_id: organizationId,
      compliance_rate: next.complianceRate,
      audited_on: next.auditedOn,
      auditor: next.auditor,
      stated_on: next.statedOn,
      ...Object.fromEntries(STATEMENT_LISTS.map((name) => [COLUMN_OF[name], next[name]])),
    };
    await tx`
      insert into accessibility_statements ${tx(values)}
      on conflict (organization_id) do update set
        compliance_rate = excluded.compliance_rate, audited_on = excluded.audited_on, auditor = excluded.auditor,
        stated_on = excluded.stated_on, non_conformities = excluded.non_conformities, derogations = excluded.derogations,
        exemptions = excluded.exemptions, technologies = excluded.technologies, test_environments = excluded.test_environments,
        tools = excluded.tools, audited_pages = excluded.audited_pages, updated_at = now()`;
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "organization.update",
      subjectType: "organization",
      subjectId: organizationId,
      data: {
        accessibilityStatement: {
          from: before ? { state: conformanceState(before.complianceRate), rate: before.complianceRate } : null,
          to: { state: conformanceState(next.complianceRate), rate: next.complianceRate },
        },
      },
    });
    return { changed: true };
  };
  const result = "begin" in db ? ((await (db as Sql).begin((tx) => run(tx as unknown as Tx))) as { changed: boolean }) : await run(db as Tx);
  if (result.changed) forgetOrganizationCache();
  return result;
}

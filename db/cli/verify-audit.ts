// npm run verify:audit: walks the whole hash chain of the audit log. Exit 0 when intact,
// 1 naming the first entry that was changed, removed or inserted out of the chain.
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { fail, withDatabase } from "./connect";

let result: Awaited<ReturnType<typeof verifyAuditChain>>;
try {
  result = await withDatabase((sql) => verifyAuditChain(sql));
} catch (error) {
  fail(`verify:audit failed: ${(error as Error).message}`);
}
if (result.ok) {
  console.log(`audit log OK: ${result.count} entries`);
} else {
  fail(`audit log BROKEN at entry #${result.brokenId}: ${result.reason}`);
}

// npm run verify:consultation -- <id>: recounts a consultation from its stored ballots and compares
// with the counters its published tally comes from. Exit 0 when they agree, 1 naming each difference.
import { verifyConsultation } from "../../app/modules/consultations/verify.server";
import { fail, withDatabase } from "./connect";

const id = Number(process.argv[2]);
if (!Number.isSafeInteger(id) || id <= 0) fail("usage: npm run verify:consultation -- <consultation id>");
const result = await withDatabase((sql) => verifyConsultation(sql, id)).catch((error: Error) => fail(`verify:consultation failed: ${error.message}`));
if (!result) fail(`consultation ${id} not found`);
if (result.differences.length === 0) {
  console.log(`consultation ${id} OK: ${result.ballots} ballots recounted, ${result.voters} voters, the tally matches`);
} else {
  for (const line of result.differences) console.error(`- ${line}`);
  fail(`consultation ${id} DIFFERS: ${result.differences.length} difference(s)`);
}

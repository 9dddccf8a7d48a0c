/**
 * `npm run attack:techniques -- <enterprise-attack.json>`: writes worker/coverage/attack-techniques.generated.ts,
 * the ATT&CK technique names and tactics of the coverage matrix, from a MITRE ATT&CK Enterprise STIX
 * 2.1 bundle (enterprise-attack/enterprise-attack-<version>.json of MITRE's attack-stix-data
 * repository); `--check` fails when the file differs from what the bundle gives.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { attackTable, renderAttackTable } from "./lib/attack-table.ts";

const TARGET = resolve(import.meta.dirname, "../worker/coverage/attack-techniques.generated.ts");

const args = process.argv.slice(2);
const check = args.includes("--check");
const bundlePath = args.find((arg) => arg !== "--check");
if (bundlePath === undefined) {
  console.error("usage: npm run attack:techniques -- [--check] <enterprise-attack.json>");
  process.exit(2);
}
const table = attackTable(JSON.parse(readFileSync(bundlePath, "utf8")));
const text = renderAttackTable(table);
if (check) {
  if (readFileSync(TARGET, "utf8") !== text) {
    console.error(`${TARGET} differs from ATT&CK ${table.version} in ${bundlePath}: run without --check`);
    process.exit(1);
  }
  console.log(`${TARGET} matches ATT&CK ${table.version} (${table.techniques.length} techniques)`);
} else {
  writeFileSync(TARGET, text);
  console.log(`wrote ${table.techniques.length} techniques of ATT&CK ${table.version} to ${TARGET}`);
}

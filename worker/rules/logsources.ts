/**
 * The Sigma logsource mappings every log source declares (worker/sources/descriptors.ts),
 * as the table the detection engine routes rules with. detect/ imports nothing but model/, so
 * the rule compiler and coverage take this table from here.
 */
import { logsourceTable } from "../detect/logsource.ts";
import { LOGSOURCE_MAPPINGS } from "../sources/descriptors.ts";

export const LOGSOURCES = logsourceTable(LOGSOURCE_MAPPINGS);

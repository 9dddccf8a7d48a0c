/** The meta fields of a correlation document (title, id, level, tags, ...) read into a RuleInfo. */
import { RULE_LEVELS, type RuleInfo, type RuleLevel } from "../types.ts";
import { type Doc, fail, optionalText, textList } from "./fields.ts";

/** The spec makes `level` optional for correlations; an unlevelled correlation is a plain finding. */
export const CORRELATION_DEFAULT_LEVEL: RuleLevel = "medium";

function isLevel(value: unknown): value is RuleLevel {
  return typeof value === "string" && (RULE_LEVELS as readonly string[]).includes(value);
}

export function readRuleInfo(doc: Doc, origin: string): RuleInfo {
  const title = doc.title;
  if (typeof title !== "string" || title.trim() === "") fail("'title' is missing");
  const name = optionalText(doc, "name");
  const id = optionalText(doc, "id") ?? name;
  if (id === null) fail("a correlation needs an 'id' (or a 'name') to key its state");
  const level = doc.level ?? CORRELATION_DEFAULT_LEVEL;
  if (!isLevel(level)) fail(`'level' must be one of ${RULE_LEVELS.join(", ")}`);
  return {
    id,
    name,
    title,
    level,
    tags: textList(doc.tags, "tags"),
    kind: "sigma",
    origin,
    description: optionalText(doc, "description"),
    status: optionalText(doc, "status"),
    author: optionalText(doc, "author"),
    // The correlation spec names the attribute `reference`; Sigma rules use `references`.
    references: textList(doc.references ?? doc.reference, "references"),
    falsepositives: textList(doc.falsepositives, "falsepositives"),
    fields: textList(doc.fields, "fields"),
  };
}

/**
 * One detection entry, `Field|mod1|mod2: value(s)`, compiled to a match node. Transformation
 * modifiers (contains, windash, base64, wide, expand...) run in the written order and may turn one
 * value into several alternatives; type modifiers (re, cidr, exists, gt..., fieldref) pick the
 * leaf. A list is OR-linked (AND with `all`, each value keeping its alternatives OR-linked).
 */
import { parseCidr } from "./cidr.ts";
import { base64, base64Offsets, bytesAsText, utf8Bytes, utf16Bytes } from "./encoding.ts";
import { type FieldRegistry, KEYWORDS } from "./eval-context.ts";
import {
  asNumber,
  cidrLeaf,
  existsLeaf,
  type FieldRefMode,
  fieldRefLeaf,
  type NumberExtractor,
  type NumericOp,
  nullLeaf,
  numericLeaf,
  regexLeaf,
  stringLeaf,
} from "./leaves.ts";
import { andNode, leafNode, type MatchNode, notNode, orNode } from "./match-tree.ts";
import { compileSigmaRegex } from "./regex.ts";
import { RuleError } from "./rule-error.ts";
import {
  concatStrings,
  expandParts,
  parseSigmaString,
  plainString,
  plainText,
  type SigmaString,
  withLeadingWildcard,
  withTrailingWildcard,
} from "./sigma-string.ts";
import { compileStringPattern, type StringPattern } from "./string-pattern.ts";
import { TIME_PARTS, type TimePart, timePartExtractor } from "./time-parts.ts";
import type { YamlNode, YamlScalar } from "./yaml-tree.ts";

export interface CompileEnv {
  registry: FieldRegistry;
  /** Values of `%name%` placeholders for the `expand` modifier. */
  placeholders: Readonly<Record<string, readonly string[]>>;
}

const TRANSFORMS = new Set([
  "contains",
  "startswith",
  "endswith",
  "windash",
  "base64",
  "base64offset",
  "utf16le",
  "utf16be",
  "utf16",
  "wide",
  "expand",
]);
const POSITION = new Set(["contains", "startswith", "endswith"]);
const REGEX_FLAGS = new Set(["i", "m", "s"]);
const NUMERIC = new Set<string>(["gt", "gte", "lt", "lte"]);
const OTHERS = new Set(["all", "cased", "re", "cidr", "exists", "fieldref", "neq"]);

function isKnownModifier(name: string): boolean {
  return TRANSFORMS.has(name) || REGEX_FLAGS.has(name) || NUMERIC.has(name) || OTHERS.has(name) || TIME_PARTS.has(name);
}

export function compileFieldCondition(key: string, keyOffset: number, value: YamlNode, env: CompileEnv): MatchNode {
  const [fieldName = "", ...modifiers] = key.split("|");
  const fail = (reason: string): never => {
    throw new RuleError(reason, keyOffset);
  };
  for (const modifier of modifiers) if (!isKnownModifier(modifier)) fail(`unknown modifier '${modifier}' in '${key}'`);
  if (new Set(modifiers).size !== modifiers.length) fail(`repeated modifier in '${key}'`);
  const has = (name: string) => modifiers.includes(name);
  const field = fieldName === "" ? KEYWORDS : env.registry.idOf(fieldName);
  const values = valueList(value);
  const all = has("all");
  const combine = (nodes: MatchNode[]) => (all ? andNode(nodes) : orNode(nodes));
  const keyword = field === KEYWORDS;
  const only = (allowed: Set<string>, what: string) => {
    const other = modifiers.find((m) => !allowed.has(m));
    if (other !== undefined) fail(`modifier '${other}' cannot be combined with '${what}' in '${key}'`);
  };

  const negate = (node: MatchNode) => (has("neq") ? andNode([leafNode(existsLeaf(field, true)), notNode(node)]) : node);
  if (keyword && ["exists", "fieldref", "neq", ...NUMERIC, ...TIME_PARTS].some(has)) {
    fail(`keyword search (no field name) cannot use modifiers of '${key}'`);
  }
  for (const flag of REGEX_FLAGS) if (has(flag) && !has("re")) fail(`modifier '${flag}' needs 're' in '${key}'`);

  if (has("exists")) {
    only(new Set(["exists"]), "exists");
    const [single] = values;
    const expected =
      single?.value === true || single?.value === "true"
        ? true
        : single?.value === false || single?.value === "false"
          ? false
          : null;
    if (values.length !== 1 || expected === null) fail(`'${key}' needs true or false`);
    return leafNode(existsLeaf(field, expected === true));
  }

  if (has("re")) {
    only(new Set(["re", "all", "neq", "cased", ...REGEX_FLAGS]), "re");
    const flags = [...REGEX_FLAGS].filter(has) as ("i" | "m" | "s")[];
    return negate(
      combine(
        values.map((v) => {
          const compiled = compileSigmaRegex(v.text, flags);
          if (!compiled.ok) throw new RuleError(`${compiled.reason} (in '${key}')`, v.offset);
          return leafNode(regexLeaf(field, compiled.regex));
        }),
      ),
    );
  }

  if (has("cidr")) {
    only(new Set(["cidr", "all", "neq", "expand"]), "cidr");
    return negate(
      combine(
        values.map((v) => {
          // `expand` first, so a placeholder (an IP list) may stand for many networks; one that
          // stands for none matches nothing.
          const texts = has("expand") ? expandPlaceholders(v.text, env, v).map(plainText) : [v.text];
          const networks = texts.map((text) => {
            // Wildcards have no meaning in a network.
            const network = text === null ? null : parseCidr(text.trim());
            if (network === null) throw new RuleError(`invalid CIDR '${text ?? v.text}' in '${key}'`, v.offset);
            return network;
          });
          return networks.length === 0 ? orNode([]) : leafNode(cidrLeaf(field, networks));
        }),
      ),
    );
  }

  const timePart = modifiers.find((m) => TIME_PARTS.has(m)) as TimePart | undefined;
  const numericOps = modifiers.filter((m) => NUMERIC.has(m));
  if (timePart !== undefined || numericOps.length > 0) {
    only(new Set(["all", "neq", ...NUMERIC, ...TIME_PARTS]), numericOps[0] ?? timePart ?? "");
    if (numericOps.length > 1) fail(`only one of gt, gte, lt, lte may be used in '${key}'`);
    const op = (numericOps[0] ?? "eq") as NumericOp;
    const extract: NumberExtractor = timePart === undefined ? asNumber : timePartExtractor(timePart);
    return negate(
      combine(
        values.map((v) => {
          const bound = typeof v.value === "number" ? v.value : asNumber(v.text);
          if (bound === null) throw new RuleError(`'${key}' needs a number, not '${v.text}'`, v.offset);
          return leafNode(numericLeaf(field, op, bound, extract));
        }),
      ),
    );
  }

  const cased = has("cased");
  if (has("fieldref")) {
    only(new Set(["fieldref", "all", "neq", "cased", ...POSITION]), "fieldref");
    const positions = modifiers.filter((m) => POSITION.has(m));
    if (positions.length > 1) fail(`only one of contains, startswith, endswith may be used in '${key}'`);
    const mode: FieldRefMode =
      positions[0] === "contains"
        ? "contains"
        : positions[0] === "startswith"
          ? "prefix"
          : positions[0] === "endswith"
            ? "suffix"
            : "exact";
    return negate(combine(values.map((v) => leafNode(fieldRefLeaf(field, env.registry.idOf(v.text), mode, cased)))));
  }

  const transforms = modifiers.filter((m) => TRANSFORMS.has(m));
  const perValue = values.map((v): StringPattern[] | null => {
    if (v.value === null) {
      if (transforms.length > 0) throw new RuleError(`null cannot be used with modifier '${transforms[0]}'`, v.offset);
      return null;
    }
    const start = typeof v.value === "string" ? parseSigmaString(v.text) : plainString(v.text);
    let alternatives: Value[] = [{ kind: "text", s: start }];
    for (const transform of transforms) {
      alternatives = alternatives.flatMap((alt) => applyTransform(transform, alt, env, v));
    }
    return alternatives.map((alt) => toPattern(alt, keyword, cased));
  });
  const toNode = (patterns: StringPattern[] | null) =>
    leafNode(patterns === null ? nullLeaf(field) : stringLeaf(field, patterns, cased));
  if (all) return negate(andNode(perValue.map(toNode)));
  // OR-linked values share one leaf, so the field is read once for all of them.
  const patterns = perValue.flatMap((p) => p ?? []);
  const nodes = perValue.some((p) => p === null) ? [toNode(null)] : [];
  if (patterns.length > 0) nodes.push(toNode(patterns));
  return negate(orNode(nodes));
}

type Value = { kind: "text"; s: SigmaString } | { kind: "bytes"; bytes: Uint8Array };

function applyTransform(transform: string, value: Value, env: CompileEnv, source: YamlScalar): Value[] {
  const text = (): SigmaString => (value.kind === "text" ? value.s : plainString(bytesAsText(value.bytes)));
  const bytes = (): Uint8Array => {
    if (value.kind === "bytes") return value.bytes;
    const plain = plainText(value.s);
    if (plain === null) {
      throw new RuleError(
        `modifier '${transform}' cannot encode a value with wildcards: '${source.text}'`,
        source.offset,
      );
    }
    return utf8Bytes(plain);
  };
  const utf16 = (order: "le" | "be", bom: boolean): Value[] => {
    const plain = value.kind === "text" ? plainText(value.s) : bytesAsText(value.bytes);
    if (plain === null) {
      throw new RuleError(
        `modifier '${transform}' cannot encode a value with wildcards: '${source.text}'`,
        source.offset,
      );
    }
    return [{ kind: "bytes", bytes: utf16Bytes(plain, order, bom) }];
  };
  switch (transform) {
    case "contains":
      return [{ kind: "text", s: withTrailingWildcard(withLeadingWildcard(text())) }];
    case "startswith":
      return [{ kind: "text", s: withTrailingWildcard(text()) }];
    case "endswith":
      return [{ kind: "text", s: withLeadingWildcard(text()) }];
    case "windash":
      return expandParts(text(), windashVariants).map((s) => ({ kind: "text", s }));
    case "base64":
      return [{ kind: "text", s: plainString(base64(bytes())) }];
    case "base64offset":
      return base64Offsets(bytes()).map((b) => ({ kind: "text", s: plainString(b) }));
    case "utf16le":
    case "wide":
      return utf16("le", false);
    case "utf16be":
      return utf16("be", false);
    case "utf16":
      return utf16("le", true);
    case "expand":
      return expandParts(text(), (part) => expandPlaceholders(part, env, source)).map((s) => ({ kind: "text", s }));
    default:
      throw new RuleError(`unknown modifier '${transform}'`, source.offset);
  }
}

function toPattern(value: Value, keyword: boolean, cased: boolean): StringPattern {
  const s = value.kind === "text" ? value.s : plainString(bytesAsText(value.bytes));
  // A keyword is searched for anywhere in any value.
  const searched = keyword ? withTrailingWildcard(withLeadingWildcard(s)) : s;
  return compileStringPattern(searched, cased);
}

const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];
const WINDASH = /\B[-/\u2013\u2014\u2015]\b/g;

/** A flag dash at the start of a word, in every form Windows accepts. */
function windashVariants(text: string): SigmaString[] {
  let variants: string[] = [""];
  let last = 0;
  for (const match of text.matchAll(WINDASH)) {
    const before = text.slice(last, match.index);
    variants = variants.flatMap((v) => DASHES.map((dash) => v + before + dash));
    last = match.index + 1;
  }
  const tail = text.slice(last);
  return variants.map((v) => plainString(v + tail));
}

const PLACEHOLDER = /\\%|%([A-Za-z0-9_]+)%/g;

function expandPlaceholders(text: string, env: CompileEnv, source: YamlScalar): SigmaString[] {
  let results: SigmaString[] = [[]];
  let last = 0;
  const append = (options: SigmaString[]) => {
    results = results.flatMap((prefix) => options.map((option) => concatStrings(prefix, option)));
  };
  for (const match of text.matchAll(PLACEHOLDER)) {
    append([plainString(text.slice(last, match.index))]);
    last = match.index + match[0].length;
    const name = match[1];
    if (name === undefined) {
      append([plainString("%")]);
      continue;
    }
    const values = env.placeholders[name];
    // Configured as empty (an IP list with no entries yet) is not a mistake: it matches nothing.
    if (values === undefined) {
      throw new RuleError(`placeholder '%${name}%' has no values configured`, source.offset);
    }
    append(values.map(parseSigmaString));
  }
  append([plainString(text.slice(last))]);
  return results;
}

function valueList(node: YamlNode): YamlScalar[] {
  if (node.kind === "scalar") return [node];
  if (node.kind === "map")
    throw new RuleError("a field's value must be a value or a list of values, not a map", node.offset);
  if (node.items.length === 0) throw new RuleError("empty list of values", node.offset);
  return node.items.map((item) => {
    if (item.kind !== "scalar") throw new RuleError("a field's list may only hold plain values", item.offset);
    return item;
  });
}

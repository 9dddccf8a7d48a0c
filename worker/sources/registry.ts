/**
 * Each source's parser, by the name its descriptor declares (descriptors.ts holds the declarations
 * and their order). A `shape` source says whether a record is its own and reads it; a `format`
 * source reads the formats its endpoints name; the `fallback` source reads what no shape claims.
 */
import type { SourceName } from "../model/event.ts";
import type { NormaliseContext, NormaliseResult, Normaliser } from "./common/result.ts";
import { SOURCE_DESCRIPTORS } from "./descriptors.ts";
import { isEcs, normaliseEcs } from "./ecs/parse.ts";
import { isFlatEvtx, normaliseFlatEvtx } from "./evtx/parse.ts";
import { isEvtxJson, normaliseEvtxJson } from "./evtx_json/parse.ts";
import { normaliseFalcoAlert } from "./falco/parse.ts";
import { normaliseGeneric } from "./generic/parse.ts";
import { isLinuxAuth, normaliseLinuxAuth } from "./linux_auth/parse.ts";
import { isNxlog, normaliseNxlog } from "./nxlog/parse.ts";
import { POCKETSIEM_FORMATS } from "./pocketsiem/formats.ts";
import { isZeek, normaliseZeek } from "./zeek/parse.ts";

type Json = Record<string, unknown>;

export interface ShapeParser {
  recognises(record: Json): boolean;
  normalise(record: Json, ctx: NormaliseContext): NormaliseResult;
}

export type SourceParser =
  | { by: "shape"; parser: ShapeParser }
  | { by: "format"; formats: Readonly<Record<string, Normaliser>> }
  | { by: "fallback"; normalise(record: Json, ctx: NormaliseContext): NormaliseResult };

export const PARSERS = {
  evtx_json: { by: "shape", parser: { recognises: isEvtxJson, normalise: normaliseEvtxJson } },
  nxlog: { by: "shape", parser: { recognises: isNxlog, normalise: normaliseNxlog } },
  evtx: { by: "shape", parser: { recognises: isFlatEvtx, normalise: normaliseFlatEvtx } },
  ecs: { by: "shape", parser: { recognises: isEcs, normalise: normaliseEcs } },
  zeek: { by: "shape", parser: { recognises: isZeek, normalise: normaliseZeek } },
  linux_auth: { by: "shape", parser: { recognises: isLinuxAuth, normalise: normaliseLinuxAuth } },
  falco: { by: "format", formats: { falco: normaliseFalcoAlert } },
  pocketsiem: { by: "format", formats: POCKETSIEM_FORMATS },
  generic: { by: "fallback", normalise: normaliseGeneric },
} as const satisfies Record<SourceName, SourceParser>;

type Parsers = typeof PARSERS;

/** The names of every format a source's endpoint sends. */
export type SourceFormatName = {
  [K in keyof Parsers]: Parsers[K] extends { formats: infer F } ? keyof F & string : never;
}[keyof Parsers];

export const SOURCE_FORMATS = Object.fromEntries(
  Object.values(PARSERS).flatMap((source): [string, Normaliser][] =>
    source.by === "format" ? Object.entries(source.formats) : [],
  ),
) as Record<SourceFormatName, Normaliser>;

/** The shape parsers in the descriptors' recognition order. */
export const SHAPE_PARSERS: readonly ShapeParser[] = SOURCE_DESCRIPTORS.flatMap((descriptor) => {
  const source: SourceParser = PARSERS[descriptor.name];
  return source.by === "shape" ? [source.parser] : [];
});

/** Reads the records no shape parser recognises. */
export const FALLBACK_PARSER: SourceParser & { by: "fallback" } = PARSERS.generic;

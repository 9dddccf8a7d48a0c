/**
 * THE field map, built once from every source's declared field names (docs/architecture.md, "One
 * descriptor per log source"): the detection engine's aliases and the search's indexed columns.
 * detect/ and store/ may not import the sources, so they take these as input from here.
 */
import { createFieldMap } from "../detect/field-map.ts";
import { fieldColumns } from "../model/fields.ts";
import type { SearchFields } from "../store/event-search/query-fields.ts";
import { SOURCE_DESCRIPTORS } from "./descriptors.ts";

export const FIELD_MAP = createFieldMap(SOURCE_DESCRIPTORS.map((source) => source.fieldNames));

/** Native name -> its ECS name, for the names each source declares as its indexed columns' own. */
function columnNativeNames(): Record<string, string> {
  const ecsNameOf: Record<string, string> = {};
  for (const { name, fieldNames, columnNames } of SOURCE_DESCRIPTORS) {
    for (const native of columnNames) {
      const ecsName = Object.keys(fieldNames).find((ecs) => fieldNames[ecs]?.includes(native));
      if (ecsName === undefined) throw new Error(`${name}: column name '${native}' is not one of its field names`);
      ecsNameOf[native] = ecsName;
    }
  }
  return ecsNameOf;
}

export const FIELD_COLUMNS = fieldColumns(columnNativeNames());

export const SEARCH_FIELDS: SearchFields = { fieldMap: FIELD_MAP, columns: FIELD_COLUMNS };

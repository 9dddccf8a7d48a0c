import { describe, expect, it } from "vitest";
import { QueryError, type QueryNode } from "../../../worker/model/event-query.ts";
import { MAX_QUERY_LENGTH, parseQuery } from "../../../worker/search/query-parser.ts";

/** The tree as compact text, so expectations read like the query. */
function show(node: QueryNode | null): string {
  if (node === null) return "∅";
  switch (node.kind) {
    case "and":
      return `(${node.children.map(show).join(" AND ")})`;
    case "or":
      return `(${node.children.map(show).join(" OR ")})`;
    case "not":
      return `NOT ${show(node.child)}`;
    case "match":
      return `${node.field}=${node.value.wildcard ? "~" : ""}[${node.value.text}]`;
    case "exists":
      return `${node.field} EXISTS`;
    case "range":
      return `${node.field}${node.op}[${node.value.text}]`;
    case "text":
      return `TEXT${node.value.wildcard ? "~" : ""}[${node.value.text}]`;
  }
}

const parsed = (query: string) => show(parseQuery(query));

function errorOf(query: string): { message: string; position: number } {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QueryError) return { message: error.message, position: error.position };
    throw error;
  }
  throw new Error(`'${query}' parsed without an error`);
}

describe("parseQuery: terms", () => {
  it("reads an empty or blank query as no condition", () => {
    expect(parsed("")).toBe("∅");
    expect(parsed("   \t")).toBe("∅");
  });

  it("reads field:value, keeping colons and backslashes of Windows paths in the value", () => {
    expect(parsed("Image:C:\\Windows\\System32\\cmd.exe")).toBe("Image=[C:\\Windows\\System32\\cmd.exe]");
    expect(parsed("user.name: bob")).toBe("user.name=[bob]");
  });

  it('reads a quoted phrase with \\" and \\\\ escapes and keeps * literal inside it', () => {
    expect(parsed('CommandLine:"net group \\"domain admins\\" /domain"')).toBe(
      'CommandLine=[net group "domain admins" /domain]',
    );
    expect(parsed('Image:"C:\\Users\\\\"')).toBe("Image=[C:\\Users\\]");
    expect(parsed('CommandLine:"a*b"')).toBe("CommandLine=[a*b]");
  });

  it("marks unquoted values with * as wildcards, and field:* as presence", () => {
    expect(parsed("Image:*\\powershell.exe")).toBe("Image=~[*\\powershell.exe]");
    expect(parsed("Image:C:\\Windows\\*")).toBe("Image=~[C:\\Windows\\*]");
    expect(parsed("ParentImage:*")).toBe("ParentImage EXISTS");
  });

  it("reads ranges with all four operators, with or without spaces", () => {
    expect(parsed("destination.port >= 1024")).toBe("destination.port>=[1024]");
    expect(parsed("dst_port<1024")).toBe("dst_port<[1024]");
    expect(parsed("src_port > 5 and src_port <= 10")).toBe("(src_port>[5] AND src_port<=[10])");
    expect(parsed('@timestamp < "2026-11-23T08:00:00Z"')).toBe("@timestamp<[2026-11-23T08:00:00Z]");
  });

  it("reads bare words and phrases as free text", () => {
    expect(parsed("mimikatz")).toBe("TEXT[mimikatz]");
    expect(parsed('"sekurlsa::logonpasswords"')).toBe("TEXT[sekurlsa::logonpasswords]");
    expect(parsed("mimi*")).toBe("TEXT~[mimi*]");
  });

  it("lets a backslash escape a space or colon in a field name or free text", () => {
    expect(parsed("Threat\\ Name:Mimikatz")).toBe("Threat Name=[Mimikatz]");
    expect(parsed("C\\:\\\\temp")).toBe("TEXT[C:\\\\temp]");
  });
});

describe("parseQuery: boolean structure", () => {
  it("binds not tighter than and, and and tighter than or", () => {
    expect(parsed("a:1 or b:2 and not c:3")).toBe("(a=[1] OR (b=[2] AND NOT c=[3]))");
  });

  it("treats juxtaposition as and, and keywords in any case", () => {
    expect(parsed("host:WS01 EventID:1 NOT user:SYSTEM")).toBe("(host=[WS01] AND EventID=[1] AND NOT user=[SYSTEM])");
    expect(parsed("a:1 OR b:2")).toBe("(a=[1] OR b=[2])");
  });

  it("groups with parentheses", () => {
    expect(parsed("(a:1 or b:2) and c:3")).toBe("((a=[1] OR b=[2]) AND c=[3])");
    expect(parsed("not (a:1 or b:2)")).toBe("NOT (a=[1] OR b=[2])");
  });

  it("applies field:( ... ) to every value in the group", () => {
    expect(parsed('Image:(*\\cmd.exe or "C:\\x y.exe") and not user:bob')).toBe(
      "((Image=~[*\\cmd.exe] OR Image=[C:\\x y.exe]) AND NOT user=[bob])",
    );
  });

  it("reads a keyword followed by ':' or an operator as a field name, and a quoted keyword as text", () => {
    expect(parsed("not:1")).toBe("not=[1]");
    expect(parsed('"and"')).toBe("TEXT[and]");
    expect(parsed("android")).toBe("TEXT[android]");
  });
});

describe("parseQuery: syntax errors point at their position", () => {
  it.each([
    ['user:"bob', "never closed", 5],
    ["(a:1 or b:2", "never closed", 0],
    ["a:1)", "no matching '('", 3],
    ["user:", "needs a value", 5],
    ["a:1 and", "expected a search term", 7],
    ["or a:1", "'or' needs a search term before it", 0],
    ["a:1 and and b:2", "'and' needs a search term before it", 8],
    ["x' or 1=1--:1", "not a field name", 6],
    ["dst_port >= *", "not a wildcard", 12],
    ["*", "besides '*'", 0],
    ["a:(1 2", "never closed", 2],
  ])("%s → %s at %i", (query, message, position) => {
    const error = errorOf(query);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
  });

  it("refuses an overlong query, too many terms and too deep nesting", () => {
    expect(errorOf("a".repeat(MAX_QUERY_LENGTH + 1)).message).toContain("longer than");
    expect(errorOf(Array.from({ length: 65 }, (_, i) => `f:${i}`).join(" ")).message).toContain("at most 64 terms");
    expect(errorOf(`${"(".repeat(40)}a${")".repeat(40)}`).message).toContain("nest deeper");
  });
});

import { describe, expect, it } from "vitest";
import { locateJsonError } from "../../../worker/ingest/json-error.ts";

describe("locateJsonError", () => {
  it("finds nothing wrong in valid JSON of every kind", () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', "[]", "{}", " [ { } , [ ] ] ", '"s"', "0"]) {
      expect(locateJsonError(text), text).toBeNull();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it("points at a missing value", () => {
    expect(locateJsonError('{"events": [\n  {"a": 1},\n  {"b": }\n]}')).toEqual({
      position: 33,
      line: 3,
      column: 9,
      reason: 'unexpected "}", expected a value',
    });
  });

  it("points at a trailing comma, a missing comma and an unquoted key", () => {
    expect(locateJsonError("[1,2,]")?.column).toBe(6);
    expect(locateJsonError('{"a":1 "b":2}')?.reason).toBe('unexpected "\\"", expected \',\' or the end of the object');
    expect(locateJsonError("{a:1}")?.reason).toBe('unexpected "a", expected a property name');
  });

  it("reports unterminated input and text after the value", () => {
    expect(locateJsonError('{"a": "x')?.reason).toBe("unterminated string");
    expect(locateJsonError("[1, 2")?.reason).toBe("unexpected end of input");
    expect(locateJsonError("[1] [2]")).toMatchObject({
      column: 5,
      reason: 'unexpected "[" after the end of the JSON value',
    });
  });

  it("reports bad escapes and raw control characters in strings", () => {
    expect(locateJsonError('["\\x"]')?.reason).toBe("invalid escape in string");
    expect(locateJsonError('["a\tb"]')?.reason).toBe("control character in string");
  });

  it("scans many empty containers in linear time", () => {
    expect(locateJsonError(`[${"{},[],".repeat(200_000)}x]`)?.reason).toBe('unexpected "x", expected a value');
  });

  it("survives hostile nesting without recursion", () => {
    expect(locateJsonError("[".repeat(200_000))?.reason).toBe("unexpected end of input");
  });
});

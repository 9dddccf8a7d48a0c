import { describe, expect, it } from "vitest";
import { compileErrors, processEvent, processRule, verdicts } from "./support.ts";

/** Events that set selections a, b and c (fields A, B, C = "1") in each of the eight combinations. */
const combos = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) =>
  processEvent({ A: bits & 4 ? "1" : "0", B: bits & 2 ? "1" : "0", C: bits & 1 ? "1" : "0" }),
);
const selections = "a:\n  A: '1'\nb:\n  B: '1'\nc:\n  C: '1'\n";
const truth = (condition: string) => verdicts(`${selections}condition: ${condition}`, combos);
const expected = (f: (a: boolean, b: boolean, c: boolean) => boolean) =>
  [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => f(!!(bits & 4), !!(bits & 2), !!(bits & 1)));

describe("condition precedence", () => {
  it("and binds tighter than or", () => {
    expect(truth("a or b and c")).toEqual(expected((a, b, c) => a || (b && c)));
    expect(truth("a and b or c")).toEqual(expected((a, b, c) => (a && b) || c));
  });

  it("not binds tighter than and", () => {
    expect(truth("not a and b")).toEqual(expected((a, b) => !a && b));
    expect(truth("not a or b")).toEqual(expected((a, b) => !a || b));
  });

  it("parentheses override precedence", () => {
    expect(truth("(a or b) and c")).toEqual(expected((a, b, c) => (a || b) && c));
    expect(truth("not (a or b)")).toEqual(expected((a, b) => !(a || b)));
  });

  it("operators are case-insensitive", () => {
    expect(truth("a AND NOT b")).toEqual(expected((a, b) => a && !b));
  });

  it("a list of conditions is OR-linked", () => {
    expect(verdicts(`${selections}condition:\n  - a and b\n  - c`, combos)).toEqual(
      expected((a, b, c) => (a && b) || c),
    );
  });
});

describe("x of", () => {
  const named = "sel_a:\n  A: '1'\nsel_b:\n  B: '1'\n_helper:\n  C: '1'\n";
  const run = (condition: string) => verdicts(`${named}condition: ${condition}`, combos);

  it("1 of pattern is an OR of the matching identifiers", () => {
    expect(run("1 of sel_*")).toEqual(expected((a, b) => a || b));
  });

  it("all of pattern is an AND of them", () => {
    expect(run("all of sel_*")).toEqual(expected((a, b) => a && b));
  });

  it("them leaves out identifiers starting with an underscore", () => {
    expect(run("1 of them")).toEqual(expected((a, b) => a || b));
    expect(run("all of them")).toEqual(expected((a, b) => a && b));
  });

  it("a pattern may name underscore identifiers explicitly", () => {
    expect(run("1 of _help*")).toEqual(expected((_a, _b, c) => c));
  });

  it("x of binds tighter than not, and, or", () => {
    expect(run("not 1 of sel_* and _helper")).toEqual(expected((a, b, c) => !(a || b) && c));
  });

  it("a count above one needs that many", () => {
    expect(truth("2 of them")).toEqual(expected((a, b, c) => Number(a) + Number(b) + Number(c) >= 2));
  });
});

describe("condition errors", () => {
  it("an unknown identifier is an error on the condition's line", () => {
    expect(compileErrors(processRule("sel:\n  A: '1'\ncondition: sel and filter"))).toEqual([
      { line: 9, reason: "condition 'sel and filter': unknown search identifier 'filter'" },
    ]);
  });

  it("a pattern matching no identifier is an error", () => {
    expect(compileErrors(processRule("sel:\n  A: '1'\ncondition: 1 of filter_*"))).toEqual([
      { line: 9, reason: "condition '1 of filter_*': 'filter_*' matches no search identifier" },
    ]);
  });

  it("unbalanced parentheses and dangling operators are errors", () => {
    for (const condition of ["(sel", "sel)", "sel and", "sel or or sel"]) {
      const errors = compileErrors(processRule(`sel:\n  A: '1'\ncondition: ${condition}`));
      expect(errors).toHaveLength(1);
      expect(errors[0]?.line).toBe(9);
    }
  });
});

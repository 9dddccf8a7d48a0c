/** evtx_dump's JSON rules on hand-made trees (the snapshots test them on real records). */
import { describe, expect, it } from "vitest";
import { Budget } from "../../../../worker/formats/evtx/budget.ts";
import type { Content, XmlElement } from "../../../../worker/formats/evtx/nodes.ts";
import { eventJson } from "../../../../worker/formats/evtx/render-json.ts";

function element(name: string, children: Content[] = [], attributes: Record<string, Content[]> = {}): XmlElement {
  return {
    kind: "element",
    name,
    attributes: Object.entries(attributes).map(([attribute, value]) => ({ name: attribute, value })),
    children,
    constant: true,
  };
}

const render = (root: XmlElement) => eventJson(root, new Budget(1000));

describe("eventJson", () => {
  it("writes an empty element as null, a lone number as a number, other content as its text", () => {
    expect(render(element("E", [element("A"), element("B", [4608]), element("C", ["v", 1, true])]))).toEqual({
      E: { A: null, B: 4608, C: "v1true" },
    });
  });

  it("writes attributes under #attributes and text under #text, empty attributes left out", () => {
    const eventId = element("EventID", [6009], { Qualifiers: [32768], Empty: [""] });
    expect(render(element("E", [eventId]))).toEqual({
      E: { EventID: { "#attributes": { Qualifiers: 32768 }, "#text": 6009 } },
    });
  });

  it("suffixes repeated names _1, _2 in order", () => {
    const headers = element("H", [
      element("Header", ["a"]),
      element("Other"),
      element("Header", ["b"]),
      element("Header", ["c"]),
    ]);
    expect(render(headers)).toEqual({ H: { Header: "a", Other: null, Header_1: "b", Header_2: "c" } });
  });

  it("writes named Data elements of EventData as keys, an empty one as an empty string", () => {
    const data = element("EventData", [
      element("Data", ["S-1-5-18"], { Name: ["SubjectUserSid"] }),
      element("Data", [], { Name: ["CommandLine"] }),
      element("Binary"),
    ]);
    expect(render(element("Event", [data]))).toEqual({
      Event: { EventData: { SubjectUserSid: "S-1-5-18", CommandLine: "", Binary: null } },
    });
  });

  it("keeps a second Data of the same name as Name_1 instead of writing over the first", () => {
    const data = element("EventData", [
      element("Data", ["{a}"], { Name: ["LogonGuid"] }),
      element("Data", ["SYSTEM"], { Name: ["TargetUserName"] }),
      element("Data", ["{b}"], { Name: ["LogonGuid"] }),
    ]);
    expect(render(element("Event", [data]))).toEqual({
      Event: { EventData: { LogonGuid: "{a}", TargetUserName: "SYSTEM", LogonGuid_1: "{b}" } },
    });
  });

  it("gathers unnamed Data elements under Data.#text, one as a value, several as a list", () => {
    const one = element("EventData", [element("Data", ["only"])]);
    const several = element("EventData", [element("Data", ["a"]), element("Data"), element("Data", ["c"])]);
    expect(render(element("Event", [one]))).toEqual({ Event: { EventData: { Data: { "#text": "only" } } } });
    expect(render(element("Event", [several]))).toEqual({
      Event: { EventData: { Data: { "#text": ["a", "", "c"] } } },
    });
  });

  it("keeps a __proto__ name as an own key, not the object's prototype", () => {
    const event = render(element("EventData", [element("Data", ["x"], { Name: ["__proto__"] })]));
    const data = event.EventData as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(data, "__proto__")?.value).toBe("x");
  });
});

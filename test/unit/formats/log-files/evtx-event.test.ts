import { describe, expect, it } from "vitest";
import { evtxEvent } from "../../../../worker/formats/log-files/evtx-event.ts";

const WRITTEN = "2016-07-08T18:12:51.681640Z";

describe("evtxEvent", () => {
  it("keeps a record's own TimeCreated", () => {
    const event = {
      Event: { System: { TimeCreated: { "#attributes": { SystemTime: "2016-07-08T18:12:51.000000Z" } } } },
    };
    expect(evtxEvent({ recordId: 1, offset: 4608, written: WRITTEN, event })).toBe(event);
  });

  it("gives a record whose System lost its TimeCreated the record header's written time", () => {
    const event = { Event: { System: { EventID: 4624 }, EventData: { LogonType: 3 } } };
    expect(evtxEvent({ recordId: 2, offset: 5120, written: WRITTEN, event })).toEqual({
      Event: {
        System: { EventID: 4624, TimeCreated: { "#attributes": { SystemTime: WRITTEN } } },
        EventData: { LogonType: 3 },
      },
    });
  });
});

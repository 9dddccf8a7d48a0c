import { describe, expect, it } from "vitest";
import { deliveriesFor, reachesLevel } from "../../../worker/notify/fan-out.ts";
import { notice } from "../../support/workers/notices.ts";

describe("fan-out", () => {
  it("orders levels from informational to critical", () => {
    expect(reachesLevel("critical", "high")).toBe(true);
    expect(reachesLevel("high", "high")).toBe(true);
    expect(reachesLevel("medium", "high")).toBe(false);
    expect(reachesLevel("informational", "informational")).toBe(true);
  });

  it("makes one delivery per target with the alerts at or above its level, none when nothing reaches it", () => {
    const alerts = [notice(1, "low"), notice(2, "high"), notice(3, "critical")];
    const deliveries = deliveriesFor(alerts, [
      { id: "all", minLevel: "informational" },
      { id: "high", minLevel: "high" },
      { id: "none", minLevel: "critical" },
    ]);
    expect(deliveries.map((d) => [d.targetId, d.alerts.map((a) => a.alertId)])).toEqual([
      ["all", [1, 2, 3]],
      ["high", [2, 3]],
      ["none", [3]],
    ]);
    expect(deliveriesFor([notice(1, "low")], [{ id: "high", minLevel: "high" }])).toEqual([]);
  });
});

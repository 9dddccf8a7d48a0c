import { describe, expect, it } from "vitest";
import { normaliseFalcoAlert } from "../../../../worker/ingest/normalise.ts";
import alert from "../../../fixtures/ingest/falco-alert.json";
import { ctx, errorOf, eventOf } from "../helpers.ts";

describe("Falco http_output alerts", () => {
  it("maps an alert to falco.alerts with the rule as action and the process from output_fields", () => {
    const event = eventOf(normaliseFalcoAlert(alert, ctx));
    expect(event).toMatchObject({
      ts: Date.UTC(2024, 0, 2, 10, 20, 5, 123),
      host: "k8s-node-1",
      dataset: "falco.alerts",
      category: "intrusion_detection",
      action: "Terminal shell in container",
      user: "root",
      process: "/usr/bin/bash",
      commandLine: "bash -il",
      parentProcess: "runc",
    });
    expect(event.fields).toMatchObject({
      rule: "Terminal shell in container",
      priority: "Notice",
      tags: ["container", "mitre_execution", "shell", "T1059"],
      "container.id": "3ad7b26ded6d",
      "proc.cmdline": "bash -il",
    });
    expect(event.fields.output_fields).toBeUndefined();
  });

  it("rejects a body that is not an object, lacks a rule, or has a bad time", () => {
    expect(errorOf(normaliseFalcoAlert("x", ctx))).toBe("falco alert is not a JSON object");
    expect(errorOf(normaliseFalcoAlert({ ...alert, rule: "" }, ctx))).toBe("falco alert has no 'rule'");
    expect(errorOf(normaliseFalcoAlert({ ...alert, time: "noon" }, ctx))).toBe(
      "timestamp 'noon' in field 'time' is not a date",
    );
  });
});

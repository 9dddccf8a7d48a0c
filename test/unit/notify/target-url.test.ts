import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../../worker/notify/target-url.ts";

describe("webhook URL rules", () => {
  it.each([
    "https://hooks.slack.com/services/T0/B0/x",
    "http://localhost:8080/h",
    "http://127.0.0.1/h",
    "http://[::1]/h",
  ])("accepts %s", (url) => expect(webhookUrlProblem(url)).toBeNull());

  it.each([
    ["http://10.0.0.5/hook", /must use https/],
    ["http://localhost.evil.example/hook", /must use https/],
    ["javascript:alert(1)", /must use https, not javascript/],
    ["/relative", /not an absolute URL/],
    ["https://a:b@h.example/", /user name or password/],
    [`https://h.example/${"x".repeat(2100)}`, /at most 2048/],
  ])("refuses %s", (url, problem) => expect(webhookUrlProblem(url)).toMatch(problem));
});

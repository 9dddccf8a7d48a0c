import { describe, expect, it } from "vitest";
import { escapeMrkdwn, genericPayload, renderPayload, slackPayload } from "../../../worker/notify/format.ts";
import { signBody } from "../../../worker/notify/sign.ts";
import { notice } from "../../support/workers/notices.ts";

describe("generic format", () => {
  it("lists every alert with ISO times, and absolute URLs when the dashboard origin is known", () => {
    const payload = genericPayload([notice(1, "high")], { baseUrl: "https://siem.example.com/", test: false });
    expect(payload.source).toBe("edgesiem");
    expect(payload.alerts[0]).toMatchObject({
      id: 1,
      first_seen: "2026-01-02T03:04:05.000Z",
      link: "/alerts/1",
      url: "https://siem.example.com/alerts/1",
    });
  });

  it("renders the same JSON it builds", () => {
    const alerts = [notice(1, "low"), notice(2, "critical")];
    const options = { baseUrl: null, test: true };
    expect(JSON.parse(renderPayload("generic", alerts, options))).toEqual(genericPayload(alerts, options));
  });
});

describe("Slack-compatible format", () => {
  it("summarises one alert in the text and shows its details in a section", () => {
    const payload = slackPayload([notice(3, "high", { keyFields: { CommandLine: "whoami /all" } })], {
      baseUrl: "https://siem.example.com",
      test: false,
    });
    expect(payload.text).toBe("EdgeSIEM alert: [HIGH] Suspicious thing 3 on ws-01");
    expect(payload.blocks).toHaveLength(2);
    expect(payload.blocks[1]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: [
          "*<https://siem.example.com/alerts/3|[HIGH] Suspicious thing 3>*",
          "host: ws-01 · count: 3 · first seen: 2026-01-02T03:04:05.000Z · last seen: 2026-01-02T03:09:05.000Z",
          "tags: attack.execution, attack.t1059.001",
          "CommandLine: whoami /all",
        ].join("\n"),
      },
    });
  });

  it("escapes log text so it cannot become a link or a mention", () => {
    expect(escapeMrkdwn("<!channel> & <https://evil.example|click>")).toBe(
      "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;",
    );
    const payload = slackPayload([notice(4, "low", { host: "<!here>" })], { baseUrl: null, test: false });
    expect(payload.text).toBe("EdgeSIEM alert: [LOW] Suspicious thing 4 on &lt;!here&gt;");
    expect(payload.blocks[1]).toMatchObject({ text: { text: expect.stringContaining("host: &lt;!here&gt;") } });
  });

  it("shows at most 20 alerts and counts the rest, within Slack's block limits", () => {
    const alerts = Array.from({ length: 23 }, (_, i) =>
      notice(i + 1, "medium", { keyFields: { x: "y".repeat(4000) } }),
    );
    const payload = slackPayload(alerts, { baseUrl: null, test: false });
    expect(payload.text).toBe("EdgeSIEM: 23 new alerts");
    expect(payload.blocks).toHaveLength(22);
    expect(payload.blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "and 3 more alerts: see the dashboard" }],
    });
    for (const block of payload.blocks) {
      if (block.type === "section") expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it("says when it is a test notice", () => {
    expect(slackPayload([notice(0, "informational")], { baseUrl: null, test: true }).text).toBe(
      "EdgeSIEM test notification",
    );
  });
});

describe("signature", () => {
  it("is the hex HMAC-SHA256 of the body (RFC 4231 test case 2)", async () => {
    expect(await signBody("Jefe", "what do ya want for nothing?")).toBe(
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});

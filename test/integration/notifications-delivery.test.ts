import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { notifyNewAlerts } from "../../worker/notify/enqueue.ts";
import type { GenericPayload, SlackPayload } from "../../worker/notify/format.ts";
import { signBody } from "../../worker/notify/sign.ts";
import { call, login } from "../support/workers/api.ts";
import { notice } from "../support/workers/notices.ts";
import { hookUrl, receivedAt, waitForRequests } from "../support/workers/notify-receiver.ts";

interface TargetBody {
  id: string;
  last_status: string | null;
  last_error: string | null;
  last_delivered_at: string | null;
}

async function createTarget(admin: string, settings: Record<string, unknown>): Promise<string> {
  const res = await call<{ target: TargetBody }>("/api/v1/notifications/targets", {
    method: "POST",
    token: admin,
    json: { name: `target-${crypto.randomUUID()}`, min_level: "informational", ...settings },
  });
  if (res.status !== 201) throw new Error(`target creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.target.id;
}

async function targetStatus(admin: string, id: string): Promise<TargetBody | undefined> {
  const res = await call<{ targets: TargetBody[] }>("/api/v1/notifications/targets", { token: admin });
  return res.body.targets.find((target) => target.id === id);
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("notification delivery through the real queue", () => {
  it("posts the generic JSON format, signed with the target's secret", async () => {
    const admin = await login();
    const url = hookUrl("ok");
    const secret = "a-shared-secret-for-hmac";
    const id = await createTarget(admin, { url, format: "generic", secret });

    await notifyNewAlerts(env.NOTIFY_QUEUE, [notice(41, "high")]);

    const [request] = await waitForRequests(url, 1);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-edgesiem-signature"]).toBe(await signBody(secret, request?.body ?? ""));
    const payload = JSON.parse(request?.body ?? "") as GenericPayload;
    expect(payload).toEqual({
      source: "edgesiem",
      test: false,
      alerts: [
        {
          id: 41,
          rule_id: "rule-41",
          title: "Suspicious thing 41",
          level: "high",
          tags: ["attack.execution", "attack.t1059.001"],
          host: "ws-01",
          first_seen: "2026-01-02T03:04:05.000Z",
          last_seen: "2026-01-02T03:09:05.000Z",
          count: 3,
          key_fields: { Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", User: "CORP\\alice" },
          link: "/alerts/41",
          url: null,
        },
      ],
    });
    const status = await waitFor(
      () => targetStatus(admin, id),
      (target) => target?.last_status === "delivered",
    );
    expect(status).toMatchObject({ last_status: "delivered", last_error: null, last_delivered_at: expect.any(String) });
  });

  it("posts the Slack-compatible format, unsigned", async () => {
    const admin = await login();
    const url = hookUrl("ok");
    await createTarget(admin, { url, format: "slack" });

    await notifyNewAlerts(env.NOTIFY_QUEUE, [notice(7, "critical", { title: "Mimikatz <!channel>" })]);

    const [request] = await waitForRequests(url, 1);
    expect(request?.headers["x-edgesiem-signature"]).toBeUndefined();
    const payload = JSON.parse(request?.body ?? "") as SlackPayload;
    expect(payload.text).toBe("EdgeSIEM alert: [CRITICAL] Mimikatz &lt;!channel&gt; on ws-01");
    expect(payload.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "EdgeSIEM alert: [CRITICAL] Mimikatz <!channel> on ws-01" },
    });
    expect(payload.blocks[1]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    expect(JSON.stringify(payload.blocks[1])).toContain("*[CRITICAL] Mimikatz &lt;!channel&gt;*");
  });

  it("sends each target only the alerts at or above its level, and nothing to a disabled target", async () => {
    const admin = await login();
    const highUrl = hookUrl("ok");
    const criticalUrl = hookUrl("ok");
    const disabledUrl = hookUrl("ok");
    await createTarget(admin, { url: highUrl, min_level: "high" });
    await createTarget(admin, { url: criticalUrl, min_level: "critical" });
    await createTarget(admin, { url: disabledUrl, min_level: "informational", enabled: false });

    await notifyNewAlerts(env.NOTIFY_QUEUE, [notice(1, "medium"), notice(2, "high"), notice(3, "critical")]);

    const alertIds = (body: string | undefined) =>
      (JSON.parse(body ?? "") as GenericPayload).alerts.map((alert) => alert.id);
    const [toHigh] = await waitForRequests(highUrl, 1);
    const [toCritical] = await waitForRequests(criticalUrl, 1);
    expect(alertIds(toHigh?.body)).toEqual([2, 3]);
    expect(alertIds(toCritical?.body)).toEqual([3]);
    // The fan-out that sent the two deliveries above skipped the disabled target altogether.
    expect(await receivedAt(disabledUrl)).toEqual([]);
  });

  it("retries a target that fails, then records the delivery once it succeeds", async () => {
    const admin = await login();
    const url = hookUrl("fail-2");
    const id = await createTarget(admin, { url });

    await notifyNewAlerts(env.NOTIFY_QUEUE, [notice(5, "high")]);

    const received = await waitForRequests(url, 3);
    expect(received.map((request) => request.status)).toEqual([500, 500, 200]);
    // Every attempt sends the same notification.
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
    const status = await waitFor(
      () => targetStatus(admin, id),
      (target) => target?.last_status === "delivered",
    );
    expect(status?.last_status).toBe("delivered");
  });

  it("dead-letters a target that always fails, after max_retries, without holding back the others", async () => {
    const admin = await login();
    const brokenUrl = hookUrl("fail");
    const healthyUrl = hookUrl("ok");
    const brokenId = await createTarget(admin, { url: brokenUrl });
    await createTarget(admin, { url: healthyUrl });

    await notifyNewAlerts(env.NOTIFY_QUEUE, [notice(9, "critical")]);

    // The healthy target has its notification while the broken one is still being retried.
    await waitForRequests(healthyUrl, 1);
    expect((await receivedAt(brokenUrl)).length).toBeLessThan(6);

    const deadLetter = await waitFor(
      () =>
        env.DB.prepare("SELECT target_id, alert_ids FROM notification_dead_letters WHERE target_id = ?")
          .bind(brokenId)
          .first<{ target_id: string; alert_ids: string }>(),
      (row) => row !== null,
      40_000,
    );
    expect(deadLetter).toEqual({ target_id: brokenId, alert_ids: "[9]" });
    // One first attempt and wrangler.toml's max_retries = 5 retries, all answered 500.
    const attempts = await receivedAt(brokenUrl);
    expect(attempts.map((request) => request.status)).toEqual(Array(6).fill(500));
    expect(await targetStatus(admin, brokenId)).toMatchObject({
      last_status: "dead-lettered",
      last_error: 'HTTP 500: {"status":500}',
    });
    // The healthy target was delivered to once, not once per retry of the broken one.
    expect(await receivedAt(healthyUrl)).toHaveLength(1);
  }, 60_000);

  it("sends a test notice from the API, even to a disabled target", async () => {
    const admin = await login();
    const url = hookUrl("ok");
    const id = await createTarget(admin, { url, enabled: false, min_level: "critical" });

    const res = await call(`/api/v1/notifications/targets/${id}/test`, { method: "POST", token: admin });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: true, id });

    const [request] = await waitForRequests(url, 1);
    const payload = JSON.parse(request?.body ?? "") as GenericPayload;
    expect(payload.test).toBe(true);
    expect(payload.alerts.map((alert) => alert.title)).toEqual(["EdgeSIEM test notification"]);
  });
});

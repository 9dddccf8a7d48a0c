/**
 * The admin's pages as an admin uses them: an agent token from creation (shown once, with its
 * setup snippets) through ingest to revocation, the host it reported on the Hosts page, approving
 * a sign-up, and a notification target that receives a test notice. Steps run in order on one page.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const run = promisify(execFile);

const SIGNUP = { username: "carol", password: "carol-password-123" };

function sysmonProcess(host: string) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: host,
    UtcTime: new Date().toISOString().replace("T", " ").replace("Z", ""),
    Image: "C:\\Windows\\System32\\whoami.exe",
    CommandLine: "whoami /all",
    User: "CORP\\bob",
  };
}

/** A webhook receiver on loopback (the only place plain HTTP targets may point): answers 200, counts. */
async function startReceiver(): Promise<{ url: string; received: string[]; server: Server }> {
  const received: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      received.push(body);
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, server };
}

describe("admin pages", () => {
  let ui: UiSession;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agentToken = "";
  let curlCommand = "";

  beforeAll(async () => {
    ui = await startUiSession();
    receiver = await startReceiver();
    await ui.browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.server.url });
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
    receiver?.server.close();
  });

  test("creating a token shows it once with the agent setup snippets, and copies it", async () => {
    const { page } = ui;
    await page.goto(ui.url("/tokens"));
    await page.getByLabel("New token name").fill("web1");
    await page.getByRole("button", { name: "Create token" }).click();

    const dialog = page.getByRole("dialog", { name: 'Agent token "web1" created' });
    await dialog.waitFor();
    agentToken = (await dialog.getByTestId("new-token").textContent()) ?? "";
    expect(agentToken.split(".")).toHaveLength(3);
    const origin = ui.server.url;
    const snippets = await dialog.locator("pre").allTextContents();
    expect(snippets[0]).toBe(`EDGESIEM_URL=${origin} EDGESIEM_TOKEN=${agentToken} agents/linux/edgesiem-agent.sh`);
    expect(snippets[1]).toBe(`.\\agents\\windows\\edgesiem-agent.ps1 -Url ${origin} -Token ${agentToken}`);
    curlCommand = snippets[2] ?? "";
    expect(curlCommand).toContain(`curl -sS ${origin}/api/v1/ingest`);

    await dialog.getByRole("button", { name: "Copy token" }).click();
    await dialog.getByRole("button", { name: "Copy token" }).getByText("Copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(agentToken);
    await screenshot(page, "tokens-created");

    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "detached" });
    const row = page.getByRole("row").filter({ hasText: "web1" });
    await row.getByText("active").waitFor();
    expect(await page.content()).not.toContain(agentToken);
  });

  test("the dialog's curl example and an agent batch put their hosts on the Hosts page", async () => {
    const { stdout } = await run("bash", ["-c", curlCommand]);
    expect(JSON.parse(stdout)).toMatchObject({ accepted: 1, rejected: [], status: "stored" });
    expect(await ui.admin.ingest(agentToken, [sysmonProcess("WS01"), sysmonProcess("WS01")])).toMatchObject({
      accepted: 2,
    });

    const { page } = ui;
    await page.getByRole("link", { name: "Hosts", exact: true }).click();
    await page.waitForURL(ui.url("/hosts"));
    const table = page.getByRole("table", { name: "Hosts" });
    const ws01 = table.getByRole("row").filter({ has: page.getByRole("link", { name: "WS01", exact: true }) });
    await ws01.waitFor();
    expect(await ws01.getByRole("link", { name: "WS01" }).getAttribute("href")).toBe("/events?host=WS01");
    await ws01.getByText("windows.sysmon_operational").waitFor();
    await ws01.getByText("web1").waitFor();
    expect(await ws01.getByText("silent").count()).toBe(0);
    await table.getByRole("link", { name: hostname(), exact: true }).waitFor();

    await page.getByText("How a host is judged silent").click();
    await page.getByText(/3 × the median gap between the minutes its batches arrived in/).waitFor();
    await page.getByLabel("Threshold").selectOption("15");
    await page.waitForURL(ui.url("/hosts?threshold=15"));
    await page.getByText(/never longer than the threshold \(15 min\)/).waitFor();
    await screenshot(page, "hosts");
  });

  test("revoking the token refuses its next batch with 401", async () => {
    const { page } = ui;
    await page.goto(ui.url("/tokens"));
    await page.getByRole("button", { name: "Revoke web1" }).click();
    const confirm = page.getByRole("dialog", { name: 'Revoke "web1"?' });
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await confirm.waitFor({ state: "detached" });
    await page.getByRole("row").filter({ hasText: "web1" }).getByText("revoked").waitFor();
    await expect(ui.admin.ingest(agentToken, [sysmonProcess("WS01")])).rejects.toThrow(/→ 401/);

    await page.getByRole("button", { name: "Revoked", exact: true }).click();
    await page.waitForURL(ui.url("/tokens?status=revoked"));
    await page.getByRole("button", { name: "Active", exact: true }).click();
    await page.getByText("No token matches.").waitFor();
    await page.getByRole("button", { name: "All", exact: true }).click();
    await screenshot(page, "tokens");
  });

  test("an admin approves a pending sign-up, changes its role, and is refused demoting themselves", async () => {
    const signup = await fetch(ui.url("/api/v1/auth/signup"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(SIGNUP),
    });
    expect(signup.status).toBe(201);

    const { page } = ui;
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.getByText("1 account is disabled").waitFor();
    await page.getByRole("button", { name: "Awaiting approval or disabled" }).click();
    await page.waitForURL(ui.url("/users?status=disabled"));
    await page.getByRole("button", { name: "Enable carol" }).click();
    await page.getByText("carol is enabled and can sign in as viewer.").waitFor();
    await page.getByRole("button", { name: "All", exact: true }).click();

    await page.getByLabel("Role of carol").selectOption("analyst");
    await page.getByText("carol is now analyst").waitFor();
    const { users } = await ui.admin.call<{ users: { username: string; role: string; enabled: boolean }[] }>(
      "GET",
      "/users",
    );
    expect(users.find((user) => user.username === "carol")).toMatchObject({ role: "analyst", enabled: true });

    await page.getByLabel("Role of admin").selectOption("viewer");
    await page.getByRole("alert").getByText("you cannot disable yourself or take away your own admin role").waitFor();
    expect(await page.getByLabel("Role of admin").inputValue()).toBe("admin");
    await screenshot(page, "users");
  });

  test("an admin creates a notification target, edits it, and sees a test notice delivered", async () => {
    const { page } = ui;
    await page.getByRole("link", { name: "Notifications", exact: true }).click();
    await page.getByRole("button", { name: "New target" }).click();
    await page.waitForURL(ui.url("/notifications?edit=new"));
    const form = page.getByRole("dialog", { name: "New notification target" });
    await form.getByLabel("Name").fill("soc-webhook");
    await form.getByLabel("Webhook URL").fill(receiver.url);
    await form.getByLabel("Minimum level").selectOption("medium");
    await form.getByLabel(/Signing secret/).fill("a-signing-secret-of-some-length");
    await form.getByRole("button", { name: "Create target" }).click();
    await form.waitFor({ state: "detached" });

    const row = page.getByRole("row").filter({ hasText: "soc-webhook" });
    await row.getByText("medium").waitFor();
    await row.getByText("never sent").waitFor();

    await row.getByRole("button", { name: "Edit soc-webhook" }).click();
    const edit = page.getByRole("dialog", { name: 'Edit "soc-webhook"' });
    await edit.getByLabel("Minimum level").selectOption("critical");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "detached" });
    await row.getByText("critical").waitFor();
    const { targets } = await ui.admin.call<{ targets: { has_secret: boolean; min_level: string }[] }>(
      "GET",
      "/notifications/targets",
    );
    expect(targets).toMatchObject([{ has_secret: true, min_level: "critical" }]);

    await row.getByRole("button", { name: "Send a test to soc-webhook" }).click();
    await page.getByText('A test notice for "soc-webhook" is queued').waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return row.getByText("delivered").count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    await screenshot(page, "notifications");
  });

  test("an admin resets carol's password; carol must choose her own before the dashboard opens", async () => {
    const { page } = ui;
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.getByRole("button", { name: "Reset the password of carol" }).click();
    await page
      .getByRole("dialog", { name: "Reset the password of carol?" })
      .getByRole("button", { name: "Reset password" })
      .click();
    const shown = page.getByRole("dialog", { name: "One-time password for carol" });
    const temporary = (await shown.locator(".temporary-password").textContent()) ?? "";
    expect(temporary).toMatch(/^[A-Za-z0-9]{20}$/);
    await shown.getByRole("button", { name: "Done" }).click();

    await ui.signOut();
    await page.goto(ui.url("/signin"));
    await page.getByLabel("Username").fill("carol");
    await page.getByLabel("Password").fill(temporary);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await page.getByLabel("Current password").fill(temporary);
    await page.getByLabel("New password", { exact: true }).fill("password1234");
    await page.getByLabel("New password again").fill("password1234");
    await page.getByRole("button", { name: "Change password" }).click();
    await page
      .getByRole("alert")
      .getByText("the password is one of the most common passwords; choose another")
      .waitFor();
    await page.getByLabel("New password", { exact: true }).fill("carols-own-passphrase");
    await page.getByLabel("New password again").fill("carols-own-passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator(".who-name").getByText("carol").waitFor();
    await screenshot(page, "password-changed");

    await ui.signOut();
    await ui.signIn("carol", "carols-own-passphrase");
    await ui.signOut();
    await ui.signIn();
  });

  test("a viewer sees no admin page, and reads the Hosts page", async () => {
    await ui.admin.createUser("vic", "viewer-password-123", "viewer");
    await ui.signOut();
    await ui.signIn("vic", "viewer-password-123");
    const links = await ui.page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
    expect(links).toContain("Hosts");
    for (const page of ["Tokens", "Users", "Notifications"]) expect(links).not.toContain(page);
    for (const path of ["/tokens", "/users", "/notifications"]) {
      await ui.page.goto(ui.url(path));
      await ui.page.getByRole("heading", { name: "Not allowed" }).waitFor();
    }
    await ui.page.goto(ui.url("/hosts"));
    await ui.page.getByRole("link", { name: "WS01", exact: true }).waitFor();
  });

  test("no page raised a script error or opened a dialog", () => {
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});

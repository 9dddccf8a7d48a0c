/**
 * The IP lists page: an analyst creates a deny list through the form, imports a CSV file into it
 * through the file input, sees the entries, and deletes another list after confirming.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

interface IpList {
  name: string;
  kind: string;
  entries: string[];
}

describe("IP lists page", () => {
  let ui: UiSession;
  let csvFile: string;
  const page = () => ui.page;
  const table = () => page().getByRole("table", { name: "IP lists" });
  const lists = async () => (await ui.admin.call<{ lists: IpList[] }>("GET", "/ip-lists")).lists;

  beforeAll(async () => {
    ui = await startUiSession();
    await ui.admin.call("POST", "/ip-lists", { name: "old_servers", kind: "allow", entries: ["10.9.0.0/16"] });
    const dir = await mkdtemp(join(tmpdir(), "ip-lists-"));
    csvFile = join(dir, "droppers.csv");
    await writeFile(csvFile, 'ip,note\n198.51.100.0/24,"hosting, abused"\n192.0.2.44,c2\n');
    await ui.admin.createUser("ana", "analyst-password-123", "analyst");
    await ui.signIn("ana", "analyst-password-123");
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("a list created through the form opens with its entries", async () => {
    await page().getByRole("link", { name: "IP lists", exact: true }).click();
    await page().waitForURL(ui.url("/ip-lists"));
    await page().getByRole("button", { name: "New list" }).click();
    await page().getByLabel("Name").fill("deny_ips");
    await page().getByLabel("Kind").selectOption("deny");
    await page().getByLabel("Description").fill("Known dropper hosts");
    await page().getByLabel("Entries (one address or CIDR network a line)").fill("203.0.113.9\n");
    await page().getByRole("button", { name: "Create list" }).click();
    await page().getByText("Created the list deny_ips.").waitFor();
    expect(page().url()).toMatch(/\/ip-lists\?list=\d+$/);
    const row = table().locator("tbody tr").filter({ hasText: "deny_ips" });
    expect((await row.locator("td").allTextContents()).slice(0, 4)).toEqual([
      "deny_ips",
      "deny",
      "1",
      "Known dropper hosts",
    ]);
  });

  test("a CSV file imported through the file input adds its first column to the entries", async () => {
    await page().getByLabel("Import a text or CSV file into deny_ips").setInputFiles(csvFile);
    await page().getByText("Imported 2 entries from droppers.csv into deny_ips.").waitFor();
    const entries = page().getByLabel("Entries (one address or CIDR network a line)");
    expect(await entries.inputValue()).toBe("203.0.113.9\n198.51.100.0/24\n192.0.2.44");
    expect((await lists()).find((l) => l.name === "deny_ips")?.entries).toEqual([
      "203.0.113.9",
      "198.51.100.0/24",
      "192.0.2.44",
    ]);
    await screenshot(page(), "ip-lists");
  });

  test("a list is deleted after confirming", async () => {
    await page().getByRole("button", { name: "Delete list old_servers" }).click();
    await page().getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page().getByText("Deleted the list old_servers.").waitFor();
    expect((await lists()).map((l) => l.name)).toEqual(["deny_ips"]);
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});

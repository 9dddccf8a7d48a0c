/**
 * Updating SigmaHQ from the Rules page as an admin: upload a newer release zip, read its preview
 * (the one rule SigmaHQ changed, the failing files), apply it, and find the changed rule in the list.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { strFromU8, strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { releaseFolderFiles } from "../../scripts/lib/rules-update.ts";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const VENDORED = resolve(import.meta.dirname, "../../rules/sigmahq");
const CHANGED = "rules/windows/process_creation/proc_creation_win_whoami_priv_discovery.yml";

describe("updating the SigmaHQ rules from the Rules page", () => {
  let ui: UiSession;
  let dir: string;
  let zip: string;
  let changedId: string;
  const page = () => ui.page;

  beforeAll(async () => {
    ui = await startUiSession();
    const files = releaseFolderFiles(VENDORED);
    const text = strFromU8(files[CHANGED] ?? new Uint8Array());
    changedId = /^id: (\S+)$/m.exec(text)?.[1] ?? "";
    files[CHANGED] = strToU8(text.replace(/^title: (.*)$/m, "title: $1 (v2)"));
    const githubLayout = Object.fromEntries(
      Object.entries(files).map(([path, bytes]) => [`sigma-r2099-03-01/${path}`, bytes]),
    );
    dir = await mkdtemp(join(tmpdir(), "edgesiem-release-"));
    zip = join(dir, "sigma-r2099-03-01.zip");
    await writeFile(zip, zipSync(githubLayout, { level: 1 }));
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("upload, preview, apply: the list shows SigmaHQ's changed rule", async () => {
    await page().goto(ui.url("/rules"));
    await page().getByRole("link", { name: "Update rules" }).click();
    await page().waitForURL(ui.url("/rules/update"));
    await page()
      .getByText(/^In use: SigmaHQ 8eaafff1f2845a696050e05e72ba1140ee190698 \(bundled/)
      .waitFor();
    await page().getByLabel("Release zip").setInputFiles(zip);
    await page().getByRole("button", { name: "Preview" }).click();
    const preview = page().getByRole("region", { name: "Preview of the update" });
    await preview
      .getByText(/^0 added, 1 changed, 0 removed, [\d,]+ unchanged; 2 failing \(0 newly failing\)$/)
      .waitFor();
    await preview.getByText("Changed (1)").click();
    await expect.poll(() => preview.getByRole("link", { name: / \(v2\)$/ }).count()).toBe(1);
    await preview.getByText("Failing files (2)").click();
    await preview
      .getByText(/placeholder '%known_cdcs%' has no values configured/)
      .first()
      .waitFor();
    await screenshot(page(), "rules-update-preview");

    await page().getByRole("button", { name: "Apply r2099-03-01" }).click();
    await page().getByText("Applied r2099-03-01: 0 rule rows written.").waitFor();
    await page()
      .getByText(/^In use: SigmaHQ r2099-03-01 \(/)
      .waitFor();

    await page().goto(ui.url(`/rules?q=${changedId}`));
    const table = page().getByRole("table", { name: "Rules" });
    await table.getByRole("link", { name: / \(v2\)$/ }).waitFor();
    await page()
      .getByText(/SigmaHQ release r2099-03-01, applied/)
      .waitFor();
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});

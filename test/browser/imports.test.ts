/**
 * The Import page in Chromium: an analyst picks the EVTX attack samples folder, the Web Worker
 * reads and sends it with progress, the summary counts every record, and its links open the
 * import's events; a second import is cancelled part way and listed as such.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ImportList } from "../../worker/model/wire/imports.ts";
import { startUiSession, type UiSession } from "../support/ui-session.ts";

const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");
const ATTACK_SAMPLES = resolve(CORPUS, "evtx-attack-samples");
/** The reader's count for the folder (test/unit/formats/evtx/record-counts.test.ts says why it is one above python-evtx's). */
const RECORDS = "8,255";

describe("Import page", () => {
  let ui: UiSession;
  const page = () => ui.page;

  beforeAll(async () => {
    ui = await startUiSession();
    await ui.admin.createUser("dfir", "analyst-password-123", "analyst");
    await ui.signIn("dfir", "analyst-password-123");
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("imports a folder of EVTX files and links to its events", async () => {
    await page().getByRole("link", { name: "Imports", exact: true }).click();
    await page().waitForURL(ui.url("/imports"));
    await page().getByLabel("Choose a folder").setInputFiles(ATTACK_SAMPLES);
    await page()
      .getByText(/^277 files, 36\.\d MB \(2 files that are not logs left out\)$/)
      .waitFor();
    await page().getByLabel("Name").fill("EVTX attack samples");
    await page().getByRole("button", { name: "Import", exact: true }).click();
    await page().getByRole("progressbar", { name: "Bytes imported" }).waitFor();
    await page().getByText("Import done.", { exact: false }).waitFor({ timeout: 180_000 });
    await page().getByText(`277 files: ${RECORDS} records read, ${RECORDS} stored, 0 rejected`).waitFor();

    await page().getByRole("link", { name: "Its events" }).click();
    await page().waitForURL(/\/events\?import=imp_[0-9a-f]{32}&/);
    await page().getByText(`${RECORDS} events`).waitFor();
    await page().getByText("Import EVTX attack samples").waitFor();
  });

  test("stops an import when cancelled, and lists it as cancelled", async () => {
    await page().goto(ui.url("/imports"));
    const zip = resolve(
      CORPUS,
      "otrf-atomic-windows/atomic__windows__credential_access__host__empire_mimikatz_logonpasswords.zip",
    );
    await page().getByLabel("Choose files").setInputFiles(zip);
    await page().getByLabel("Name").fill("mimikatz, cancelled");
    await page().getByRole("button", { name: "Import", exact: true }).click();
    await page().getByRole("button", { name: "Cancel" }).click();
    await page().getByText("Import cancelled", { exact: false }).waitFor({ timeout: 60_000 });
    const { imports } = await ui.admin.call<ImportList>("GET", "/imports");
    const cancelled = imports.find((i) => i.name === "mimikatz, cancelled");
    expect(cancelled?.status).toBe("cancelled");
    expect(cancelled?.events).toBeLessThan(6026);
    const row = page()
      .getByRole("table", { name: "Imports" })
      .locator("tbody tr")
      .filter({ hasText: "mimikatz, cancelled" });
    await row.getByText("cancelled", { exact: true }).waitFor();
  });
});

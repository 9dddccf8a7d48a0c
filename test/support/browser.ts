/**
 * Headless Debian Chromium driven by playwright-core (which ships no browser of its own).
 * CI installs the same `chromium` package from .ci/run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

const CHROMIUM_PATH = "/usr/bin/chromium";

// Quiet, offline and deterministic: no sandbox (CI runs as root), no GPU, no background traffic.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Every page of every browser test runs under the dashboard's real CSP; a violation becomes a
 * script error ("CSP violation: ..."), which each test's page-problem check fails on, and close()
 * fails on it too, for the tests that watch no page. It runs in the page (addInitScript sends its
 * source), so it names nothing from this module.
 */
function reportCspViolations() {
  document.addEventListener("securitypolicyviolation", (event) => {
    const what = `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`;
    setTimeout(() => {
      throw new Error(`CSP violation: ${what} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser profile per call, so no cookie or localStorage leaks from one test to another. */
export async function launchBrowser(options: { colorScheme?: "light" | "dark" } = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), "edgesiem-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? "light",
  });
  await context.addInitScript(reportCspViolations);
  const violations: string[] = [];
  context.on("weberror", (webError) => {
    const message = webError.error().message;
    if (message.startsWith("CSP violation: ")) violations.push(message);
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
      if (violations.length > 0) throw new Error(violations.join("\n"));
    },
  };
}

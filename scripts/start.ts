/**
 * `npm start`: the SIEM on http://127.0.0.1:8787 with a local D1 under .wrangler/state.
 * Generates the JWT secret, builds the UI, applies every migration, starts wrangler dev, and
 * triggers the first-start bootstrap so the admin password appears in this terminal.
 */
import { spawn } from "node:child_process";
import { runningBanner } from "./lib/banner.ts";
import { ensureDevVars } from "./lib/dev-vars.ts";
import { runOrExit } from "./lib/run.ts";

const PORT = process.env.PORT ?? "8787";
const URL_BASE = `http://127.0.0.1:${PORT}`;

const vars = ensureDevVars();
runOrExit("npx", ["vite", "build", "--config", "ui/vite.config.ts", "--logLevel", "warn"]);
runOrExit("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);

const dev = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", PORT], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

async function waitForHealth() {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const res = await fetch(`${URL_BASE}/api/v1/health`);
      if (res.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

if (await waitForHealth()) {
  console.log(runningBanner(URL_BASE, vars));
} else {
  console.error(`EdgeSIEM did not answer at ${URL_BASE}/api/v1/health within 60 s.`);
}

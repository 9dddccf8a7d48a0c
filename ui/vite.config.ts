import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { headersFile } from "../worker/http/security-headers.ts";

/** The dashboard's security headers, for the static assets layer that serves dist/ui. */
const securityHeadersFile: Plugin = {
  name: "edgesiem-security-headers",
  apply: "build",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "_headers", source: headersFile() });
  },
};

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [securityHeadersFile],
  // The Import page's Web Worker is a module, so it shares the dashboard's code-splitting.
  worker: { format: "es" },
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
  },
  // No @preact/preset-vite: the automatic JSX runtime pointed at Preact is all the UI needs.
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  // `vite` (dev) forwards the API to a running `wrangler dev`, so the UI keeps same-origin cookies.
  server: {
    proxy: { "/api": "http://127.0.0.1:8787" },
  },
});

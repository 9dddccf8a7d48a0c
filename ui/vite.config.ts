import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
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

import { defineConfig } from "vite";

// The page is served by the local server under /observatory/ with no network: relative asset URLs, everything
// bundled (no CDN), one JS and one CSS file.
export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});

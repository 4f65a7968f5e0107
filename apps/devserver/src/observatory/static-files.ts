import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** Headers on every page response: nothing from another origin may load, nothing may frame the page. */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/**
 * Where the built page lives: `dist/observatory-ui` of this package (the build copies the UI's Vite output
 * there). From the sources (tests), the same folder is found relative to `src/`.
 */
export function defaultUiDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "..", "observatory-ui"), join(here, "..", "..", "dist", "observatory-ui")];
  return candidates.find((c) => existsSync(join(c, "index.html"))) ?? candidates[0]!;
}

/**
 * Serves a file of the built page for the path below `/observatory/` (`""` → `index.html`). Returns false when
 * there is no such file. Refuses paths leaving the folder.
 */
export async function serveUiFile(res: ServerResponse, uiDir: string, relative: string): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return false;
  }
  if (decoded.includes("\0")) return false;
  const root = normalize(uiDir + sep);
  const file = normalize(join(root, decoded === "" ? "index.html" : decoded));
  if (!file.startsWith(root)) return false;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
  } catch {
    return false;
  }
  const body = await readFile(file);
  const hashed = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": body.length,
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    ...PAGE_SECURITY_HEADERS,
  });
  res.end(body);
  return true;
}

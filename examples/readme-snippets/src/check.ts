import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { extractCodeBlocks, isCheckedTypeScript, TYPESCRIPT_LANGS } from "./extract.js";
import { importedSpecifiers, installedPackages, packageName } from "./imports.js";
import { type SnippetFile, snippetFile } from "./snippet-files.js";

/** Folders (relative to the repository root) whose direct subfolders' README.md files are checked. */
export const README_FOLDERS = ["packages", "apps", "examples"] as const;

/** Options of {@link checkSnippets}. */
export interface CheckOptions {
  /** Repository root. */
  root: string;
  /** Folder the snippet modules are written to (emptied first); it must resolve the workspace packages. */
  outDir: string;
  /** tsconfig whose compiler options apply to every snippet. */
  tsconfig: string;
}

/** A package a README's code imports that a reader following that README would not have installed. */
export interface UninstalledImport {
  readme: string;
  /** README line of the block that imports it. */
  line: number;
  specifier: string;
}

/** A type error, located in its README. */
export interface SnippetError {
  /** README path relative to the root. */
  readme: string;
  /** 1-based line in the README. */
  line: number;
  /** 1-based column in the README line. */
  column: number;
  /** `TS2322: …` */
  message: string;
}

/** What {@link checkSnippets} found. */
export interface CheckResult {
  readmes: string[];
  /** TypeScript blocks type-checked. */
  checked: number;
  /** TypeScript blocks marked `no-check`, as `README:line`. */
  skipped: string[];
  errors: SnippetError[];
  /** Imports not covered by the README's install lines (or its package's dependencies). */
  uninstalled: UninstalledImport[];
}

/** README.md files the check covers: the root's and those of `packages/*`, `apps/*`, `examples/*`, sorted. */
export function findReadmes(root: string): string[] {
  const found = existsSync(join(root, "README.md")) ? ["README.md"] : [];
  for (const folder of README_FOLDERS) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(dir, entry.name, "README.md"))) {
        found.push(`${folder}/${entry.name}/README.md`);
      }
    }
  }
  return found.sort();
}

/** Extracts every TypeScript block into `outDir` (one module each) and type-checks them in one program. */
export function checkSnippets(options: CheckOptions): CheckResult {
  const readmes = findReadmes(options.root);
  const files: SnippetFile[] = [];
  const skipped: string[] = [];
  const uninstalled: UninstalledImport[] = [];
  const privatePackages = workspacePackages(options.root, readmes).private;
  for (const readme of readmes) {
    const blocks = extractCodeBlocks(readFileSync(join(options.root, readme), "utf8"));
    const available = new Set([
      ...installedPackages(blocks),
      ...ownPackages(options.root, readme),
      ...privatePackages,
    ]);
    for (const block of blocks) {
      if (!TYPESCRIPT_LANGS.has(block.lang)) continue;
      for (const specifier of importedSpecifiers(block.code)) {
        if (!available.has(packageName(specifier))) uninstalled.push({ readme, line: block.line, specifier });
      }
      if (isCheckedTypeScript(block)) files.push(snippetFile(readme, block));
      else skipped.push(`${readme}:${block.line}`);
    }
  }
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const byPath = new Map<string, SnippetFile>();
  for (const file of files) {
    const path = join(options.outDir, file.name);
    writeFileSync(path, file.source);
    byPath.set(normalize(path), file);
  }
  const program = ts.createProgram([...byPath.keys()], compilerOptions(options.tsconfig));
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => locate(d, byPath, options.root));
  return { readmes, checked: files.length, skipped, errors, uninstalled };
}

interface Manifest {
  name?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * What a README's own package brings: its name, `dependencies` and `peerDependencies` (a reader installing the
 * package gets those; `devDependencies` they do not). A private package is only used inside this repository, so
 * its README may also use the repository's root `devDependencies` (e.g. vitest). Nothing for the root README.
 */
function ownPackages(root: string, readme: string): string[] {
  const manifest = join(root, readme, "..", "package.json");
  if (readme === "README.md" || !existsSync(manifest)) return [];
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as Manifest;
  const rootDev = pkg.private
    ? Object.keys(
        (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest).devDependencies ?? {},
      )
    : [];
  return [
    ...(pkg.name ? [pkg.name] : []),
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...rootDev,
  ];
}

/** Private workspace packages (the local server, the test kit…): only usable inside this repository. */
function workspacePackages(root: string, readmes: readonly string[]): { private: string[] } {
  const names: string[] = [];
  for (const readme of readmes) {
    const manifest = join(root, readme, "..", "package.json");
    if (readme === "README.md" || !existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; private?: boolean };
    if (pkg.private && pkg.name) names.push(pkg.name);
  }
  return { private: names };
}

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, join(tsconfig, ".."));
  return { ...parsed.options, noEmit: true };
}

function locate(d: ts.Diagnostic, byPath: Map<string, SnippetFile>, root: string): SnippetError {
  const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  const snippet = d.file ? byPath.get(normalize(d.file.fileName)) : undefined;
  if (!d.file || d.start === undefined || !snippet) {
    const where = d.file ? relative(root, d.file.fileName).split(sep).join("/") : "(compiler)";
    return { readme: where, line: 0, column: 0, message };
  }
  const pos = d.file.getLineAndCharacterOfPosition(d.start);
  return { readme: snippet.readme, line: snippet.line + pos.line, column: pos.character + 1, message };
}

function normalize(path: string): string {
  return ts.sys.useCaseSensitiveFileNames
    ? path.replaceAll("\\", "/")
    : path.replaceAll("\\", "/").toLowerCase();
}

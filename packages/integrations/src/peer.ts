import { ConfigurationError } from "@highflame/core";

/** A framework package an adapter subpath needs, as {@link requirePeer} describes it. */
export interface PeerRequirement {
  /** Package specifier to import, e.g. `"ai"` or `"@langchain/core/messages"`. */
  specifier: string;
  /** The adapter subpath that needs it, e.g. `"@highflame/integrations/ai-sdk"` (named in the error). */
  subpath: string;
  /** What to install, e.g. `"ai@^7"` (named in the error). Default: the package name of `specifier`. */
  install?: string | undefined;
  /**
   * The import itself as a literal, e.g. `() => import("openai")`, so bundlers see the dependency. Default:
   * `import(specifier)`.
   */
  load?: (() => Promise<unknown>) | undefined;
}

/** The package name of a specifier: `@scope/name` or `name`, without a subpath. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function isMissing(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || code === undefined;
  return notFound && (error.message.includes(`'${name}'`) || error.message.includes(`"${name}"`));
}

/**
 * Imports a framework package an adapter subpath is written against (an optional peer dependency). When the
 * package is not installed, throws a `ConfigurationError` naming the subpath and the package to install
 * (instead of Node's bare "Cannot find package"); any other import failure is rethrown as is.
 */
export async function requirePeer<T = unknown>(requirement: PeerRequirement): Promise<T> {
  const name = packageNameOf(requirement.specifier);
  try {
    return (await (requirement.load?.() ?? import(/* @vite-ignore */ requirement.specifier))) as T;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new ConfigurationError(
      `${requirement.subpath} needs the framework package "${name}", which is not installed: ` +
        `npm install ${requirement.install ?? name}`,
      { option: name },
    );
  }
}

/**
 * Like {@link requirePeer} for a subpath that works with any one of several packages (e.g. the MCP client or
 * server package): resolves once one of them imports; when none is installed, the `ConfigurationError` names all.
 */
export async function requireAnyPeer(requirements: readonly PeerRequirement[]): Promise<void> {
  for (const requirement of requirements) {
    try {
      await requirePeer(requirement);
      return;
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
    }
  }
  const names = requirements.map((r) => `"${packageNameOf(r.specifier)}"`).join(" or ");
  const install = requirements
    .map((r) => `npm install ${r.install ?? packageNameOf(r.specifier)}`)
    .join(" / ");
  throw new ConfigurationError(
    `${requirements[0]?.subpath} needs the framework package ${names}, none of which is installed: ${install}`,
    { option: packageNameOf(requirements[0]?.specifier ?? "") },
  );
}

import { ConfigurationError } from "@highflame/core";

/** Which optional peer a subpath needs. */
export interface PeerSpec {
  /** The npm package name, e.g. `openai`. */
  packageName: string;
  /** The supported version range, e.g. `^7`. */
  range: string;
  /** The subpath that needs it, e.g. `@highflame/integrations/openai`. */
  subpath: string;
}

/**
 * Loads an optional peer dependency (`load` is a literal `() => import("pkg")`). When the package is not
 * installed this throws a `ConfigurationError` naming the package and the install command, instead of Node's
 * bare `ERR_MODULE_NOT_FOUND`; any other load failure (a broken install) is rethrown as is.
 *
 * Each framework subpath awaits this at module load, so importing a subpath without its framework fails at the
 * import, never later in the middle of a request.
 */
export async function importPeer<T>(load: () => Promise<T>, spec: PeerSpec): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error, spec.packageName)) {
      throw new ConfigurationError(
        `${spec.subpath} needs the "${spec.packageName}" package (${spec.range}), which is not installed. ` +
          `Install it next to @highflame/integrations: npm install ${spec.packageName}@"${spec.range}"`,
        { option: spec.packageName },
      );
    }
    throw error;
  }
}

function isMissing(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  return error.message.includes(`'${packageName}'`) || error.message.includes(`'${packageName}/`);
}

/**
 * Loads the first of several alternative peers that is installed (e.g. the MCP client or server package);
 * throws a `ConfigurationError` naming all of them when none is.
 */
export async function importAnyPeer(
  loads: readonly (() => Promise<unknown>)[],
  specs: readonly PeerSpec[],
): Promise<void> {
  for (const [index, load] of loads.entries()) {
    try {
      await importPeer(load, specs[index]!);
      return;
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
    }
  }
  const names = specs.map((s) => `"${s.packageName}" (${s.range})`).join(" or ");
  const install = specs.map((s) => `npm install ${s.packageName}@"${s.range}"`).join(" / ");
  throw new ConfigurationError(
    `${specs[0]?.subpath} needs ${names}, and none is installed. Install what you use: ${install}`,
    { option: specs[0]?.packageName ?? "" },
  );
}

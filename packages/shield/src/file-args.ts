import { ConfigurationError } from "@highflame/core";
import type { AnyFunction } from "./shield-types.js";
import { parameterNames } from "./tool-args.js";
import type { Action, ContentType } from "./wire/enums.js";

/** Parameter names taken as the file path of a file wrapper when `pathArg` is not given. */
const PATH_NAMES = ["path", "filePath", "filepath", "file_path", "filename", "fileName", "file", "target"];

/** True when a wrapper guards a file operation (`contentType: "file"`, or a `read_file`/`write_file` action). */
export function isFileOperation(contentType: ContentType, action: Action): boolean {
  return contentType === "file" || action === "read_file" || action === "write_file";
}

/**
 * Index of the argument holding the path of a file wrapper: `pathArg` (index or parameter name) when given;
 * else the first parameter named like a path (`path`, `filePath`, `filename`, …, which may be the guarded
 * content itself, as for `read(path)`); else argument 0 when the guarded content is another argument. `undefined` when no argument can be the path (e.g. `contentArg` 0 of a
 * one-parameter function).
 * @internal
 */
export function pathArgIndex(
  fn: AnyFunction,
  pathArg: number | string | undefined,
  contentIndex: number,
): number | undefined {
  const names = parameterNames(fn);
  if (typeof pathArg === "number") {
    if (!Number.isInteger(pathArg) || pathArg < 0) {
      throw new ConfigurationError("pathArg must be a non-negative integer or a parameter name", {
        option: "pathArg",
      });
    }
    return pathArg;
  }
  if (typeof pathArg === "string") {
    const index = names?.indexOf(pathArg) ?? -1;
    if (index === -1) {
      throw new ConfigurationError(
        `pathArg "${pathArg}" is not a parameter of ${fn.name || "the function"}`,
        {
          option: "pathArg",
        },
      );
    }
    return index;
  }
  const named = names?.findIndex((name) => PATH_NAMES.includes(name)) ?? -1;
  if (named !== -1) return named;
  return contentIndex !== 0 ? 0 : undefined;
}

/** `operation` of the file context for an action. @internal */
export function fileOperation(action: Action): string | undefined {
  return action === "write_file" ? "write" : action === "read_file" ? "read" : undefined;
}

import type { Runtime } from "langchain";
import { resolveSessionId } from "../session-id.js";

/** The `thread_id` of a LangChain agent runtime (`runtime.configurable.thread_id`), if any. */
export function threadIdOfRuntime(runtime: Runtime<unknown> | undefined): string | undefined {
  return resolveSessionId(runtime?.configurable?.thread_id);
}

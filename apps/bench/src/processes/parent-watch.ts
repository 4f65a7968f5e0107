/**
 * For a child started by `ChildGroup`: exit as soon as the parent's end of stdin closes (the parent exited or was
 * killed), so no server or worker outlives the benchmark. The stdin handle is unreferenced: it never keeps a
 * finished child alive.
 */
export function exitWithParent(): void {
  const stdin = process.stdin as NodeJS.ReadStream & { unref?: () => void };
  stdin.on("end", () => process.exit(0));
  stdin.on("error", () => process.exit(0));
  stdin.resume();
  stdin.unref?.();
}

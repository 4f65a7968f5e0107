import { type ChildProcess, spawn } from "node:child_process";
import { pinnedNode } from "./pinning.js";

/** Most stdout/stderr kept per child, bytes; a child that writes more is killed (bounded memory). */
export const MAX_CHILD_OUTPUT_BYTES = 4 * 1024 * 1024;

/** How one child process is started. */
export interface ChildOptions {
  /** Name used in errors, e.g. `"guard server"`. */
  label: string;
  /** CPU to pin the child to (see `detectPinning()`); `undefined` runs it unpinned. */
  cpu?: number | undefined;
  /** Hard limit on the child's lifetime, ms: it is killed with SIGKILL after this. */
  timeoutMs: number;
  /** Extra environment variables, merged over this process's environment minus proxy and `HIGHFLAME_*` ones. */
  env?: Record<string, string> | undefined;
}

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Environment variables a child never inherits: proxy settings (the runs are loopback-only, and a proxy honoured
 * by one case but not by its baseline would skew every ratio) and the SDK's own `HIGHFLAME_*` settings (e.g.
 * `HIGHFLAME_LOG=debug` would make only the SDK case log).
 */
export function isStrippedEnvName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === "http_proxy" ||
    lower === "https_proxy" ||
    lower === "all_proxy" ||
    lower === "no_proxy" ||
    lower === "node_use_env_proxy" ||
    lower.startsWith("highflame_")
  );
}

/** This process's environment minus {@link isStrippedEnvName}, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !isStrippedEnvName(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Every child started by any {@link ChildGroup} and not yet exited: killed on exit, Ctrl-C and SIGTERM. */
const live = new Set<ChildProcess>();

function killAll(): void {
  for (const child of live) child.kill("SIGKILL");
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  process.exit(signal === "SIGINT" ? 130 : 143);
}

function track(child: ChildProcess): void {
  if (live.size === 0) {
    process.on("exit", killAll);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  live.add(child);
  child.once("exit", () => {
    live.delete(child);
    if (live.size === 0) {
      process.off("exit", killAll);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  });
}

/** A running child process started by {@link ChildGroup.spawn}. */
export class ChildHandle {
  readonly #child: ChildProcess;
  readonly #label: string;
  readonly #exit: Promise<ChildExit>;
  #stdout = "";
  #stderr = "";
  /** Offset in `#stdout` of the first line {@link ChildHandle.nextLine} has not returned yet. */
  #cursor = 0;
  /** Called after every stdout chunk (each checks whether the line it waits for is complete). */
  #stdoutWaiters = new Set<() => void>();

  constructor(child: ChildProcess, options: ChildOptions) {
    this.#child = child;
    this.#label = options.label;
    let outputBytes = 0;
    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > MAX_CHILD_OUTPUT_BYTES) {
        child.kill("SIGKILL");
        return;
      }
      if (stream === "stderr") {
        this.#stderr += chunk.toString("utf8");
        return;
      }
      this.#stdout += chunk.toString("utf8");
      for (const waiter of [...this.#stdoutWaiters]) waiter();
    };
    child.stdout?.on("data", collect("stdout"));
    child.stderr?.on("data", collect("stderr"));
    child.stdin?.on("error", () => {}); // EPIPE from a child that died: seen as its exit
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    timer.unref();
    this.#exit = new Promise((resolve, reject) => {
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`${this.#label}: could not start: ${error.message}`));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout: this.#stdout, stderr: this.#stderr });
      });
    });
    this.#exit.catch(() => {}); // observed through exited()/firstLine()
  }

  /** Process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The first line the child writes to stdout; rejects when it exits first or `timeoutMs` passes. */
  firstLine(timeoutMs: number): Promise<string> {
    return this.#lineFrom(0, timeoutMs, "no output").then(({ line }) => line);
  }

  /**
   * The next stdout line not yet returned by this method (the first call returns the first line). Rejects with
   * the label, the exit status and the tail of stderr when the child exits first; when `timeoutMs` passes, kills
   * the child and rejects with `what`, the label and the tail of stderr.
   */
  async nextLine(timeoutMs: number, what = "no output"): Promise<string> {
    const { line, next } = await this.#lineFrom(this.#cursor, timeoutMs, what);
    this.#cursor = next;
    return line;
  }

  /** Writes `line` and a newline to the child's stdin; throws when the child is gone. */
  send(line: string): void {
    const stdin = this.#child.stdin;
    if (!this.running || !stdin || stdin.destroyed || !stdin.writable) {
      throw new Error(`${this.#label}: cannot send a command, the child is not running`);
    }
    stdin.write(`${line}\n`);
  }

  /** True until the child exits. */
  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The last `lines` lines of the child's stderr so far, trimmed (empty string when it wrote none). */
  stderrTail(lines = 5): string {
    return tail(this.#stderr, lines);
  }

  #lineFrom(from: number, timeoutMs: number, what: string): Promise<{ line: string; next: number }> {
    const found = (): { line: string; next: number } | undefined => {
      const newline = this.#stdout.indexOf("\n", from);
      return newline === -1 ? undefined : { line: this.#stdout.slice(from, newline), next: newline + 1 };
    };
    const now = found();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#stdoutWaiters.delete(check);
        fn();
      };
      const check = () => {
        const line = found();
        if (line) settle(() => resolve(line));
      };
      const timer = setTimeout(() => {
        settle(() => {
          const stderr = this.stderrTail();
          this.kill();
          reject(new Error(`${this.#label}: ${what} within ${timeoutMs} ms${stderr ? `\n${stderr}` : ""}`));
        });
      }, timeoutMs);
      this.#stdoutWaiters.add(check);
      this.#exit.then(
        (exit) => {
          check(); // the line may have come with the last chunk
          settle(() => reject(new Error(`${this.#label} exited before it answered: ${describeExit(exit)}`)));
        },
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  /** Waits for the child to end; rejects unless it exited with status 0. */
  async succeeded(): Promise<ChildExit> {
    const exit = await this.#exit;
    if (exit.code !== 0) throw new Error(`${this.#label} failed: ${describeExit(exit)}`);
    return exit;
  }

  /** Kills the child (SIGKILL) if it still runs. */
  kill(): void {
    if (this.running) this.#child.kill("SIGKILL");
  }

  /** Kills the child and waits until it is gone. */
  async close(): Promise<void> {
    this.kill();
    await this.#exit.catch(() => {});
  }
}

function describeExit(exit: ChildExit): string {
  const status = exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
  const last = tail(exit.stderr, 5);
  return last ? `${status}\n${last}` : status;
}

function tail(text: string, lines: number): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/**
 * Starts Node child processes and guarantees they end: each has a hard time limit, and all are killed when the
 * group closes, when this process exits, and on Ctrl-C / SIGTERM. A child's stdin is a pipe it watches, so it
 * also exits on its own when this process dies abruptly.
 */
export class ChildGroup implements AsyncDisposable {
  readonly #children = new Set<ChildHandle>();

  /** Runs `node script args…` (pinned to `options.cpu` when given). */
  spawn(script: string, args: readonly string[], options: ChildOptions): ChildHandle {
    const [command, commandArgs] = pinnedNode(options.cpu, [script, ...args]);
    const child = spawn(command, commandArgs, {
      stdio: ["pipe", "pipe", "pipe"],
      env: childEnv(options.env),
    });
    if (child.pid !== undefined) track(child);
    const handle = new ChildHandle(child, options);
    this.#children.add(handle);
    return handle;
  }

  /** Runs a child to completion and returns its last stdout line parsed as JSON. */
  async runJson<T>(script: string, args: readonly string[], options: ChildOptions): Promise<T> {
    const child = this.spawn(script, args, options);
    try {
      const { stdout } = await child.succeeded();
      const last = stdout.trimEnd().split("\n").pop() ?? "";
      try {
        return JSON.parse(last) as T;
      } catch {
        throw new Error(
          `${options.label} printed no JSON result (last line: ${JSON.stringify(last.slice(0, 200))})`,
        );
      }
    } finally {
      this.#children.delete(child);
    }
  }

  /** Kills every child of this group still running. */
  async close(): Promise<void> {
    await Promise.all([...this.#children].map((child) => child.close()));
    this.#children.clear();
  }

  /** Same as {@link ChildGroup.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

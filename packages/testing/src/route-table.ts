import type { Responder, RouteScript, ScriptedResponse } from "./types.js";

type Step = ScriptedResponse | Responder;

/** A registered route and how many requests it has answered. @internal */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly steps: readonly Step[];
  hits: number;
}

/** Routes keyed by method + exact path, plus per-key counters for unrouted requests. @internal */
export class RouteTable {
  readonly #routes = new Map<string, Route>();
  readonly #unroutedHits = new Map<string, number>();

  /** Register (or replace) a route. An empty `steps` list answers `200` with an empty body. */
  set(method: string, path: string, steps: readonly Step[]): void {
    const normalized = normalizeMethod(method);
    this.#routes.set(`${normalized} ${path}`, {
      method: normalized,
      path,
      steps: steps.length > 0 ? [...steps] : [{}],
      hits: 0,
    });
  }

  /** Register every entry of a `"METHOD /path"`-keyed record. */
  setAll(routes: Record<string, RouteScript>): void {
    for (const [key, script] of Object.entries(routes)) {
      const match = /^(\S+)\s+(\S+)$/.exec(key.trim());
      if (!match) throw new TypeError(`Route key must look like "METHOD /path", got ${JSON.stringify(key)}`);
      this.set(match[1]!, match[2]!, Array.isArray(script) ? script : [script]);
    }
  }

  /**
   * Find the route for a request and count the hit. An exact method match wins over `"*"`.
   * @returns the step to use and the 1-based attempt number, or `undefined` step when unrouted.
   */
  take(method: string, path: string): { step: Step | undefined; attempt: number } {
    const normalized = normalizeMethod(method);
    const route = this.#routes.get(`${normalized} ${path}`) ?? this.#routes.get(`* ${path}`);
    if (!route) {
      const key = `${normalized} ${path}`;
      const attempt = (this.#unroutedHits.get(key) ?? 0) + 1;
      this.#unroutedHits.set(key, attempt);
      return { step: undefined, attempt };
    }
    route.hits += 1;
    const step = route.steps[Math.min(route.hits, route.steps.length) - 1];
    return { step, attempt: route.hits };
  }
}

/** Upper-case a method name; `"*"` stays as is. @internal */
export function normalizeMethod(method: string): string {
  return method.toUpperCase();
}

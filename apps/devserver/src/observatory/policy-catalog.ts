import { CONTENT_DETECTORS, SESSION_DETECTORS, severityOf } from "../shield/detectors/registry.js";
import type { LoadedPolicy } from "../shield/policy-engine.js";

const DETECTOR_CATEGORY = new Map<string, string>([
  ...CONTENT_DETECTORS.map((d) => [d.name, d.category] as const),
  ...SESSION_DETECTORS.map((d) => [d.name, d.category] as const),
]);

/** Category of a detector (`injection`, `secrets`, `privacy`, `tool_abuse`, `session`, else `other`). */
export function detectorCategory(name: string): string {
  return DETECTOR_CATEGORY.get(name) ?? "other";
}

/** Severity of a detector's signals. */
export function detectorSeverity(name: string): string {
  return severityOf(name);
}

/** A loaded policy as the observatory lists it (`GET /observatory/api/policies`). */
export interface CatalogPolicy {
  id: string;
  decision: string;
  /** The policy's own `@mode` (enforce, monitor, alert). */
  mode: string;
  reason: string;
  /** `@category`, else the category of the first detector the policy reads, else `rule`. */
  category: string;
  detectors: string[];
}

/** The loaded policies, indexed by id. */
export class PolicyCatalog {
  readonly policies: readonly CatalogPolicy[];
  readonly #byId: Map<string, CatalogPolicy>;

  constructor(loaded: readonly LoadedPolicy[]) {
    this.policies = loaded.map((p) => ({
      id: p.id,
      decision: p.decision,
      mode: p.mode,
      reason: p.reason,
      category: p.annotations.category || (p.detectors[0] ? detectorCategory(p.detectors[0]) : "rule"),
      detectors: [...p.detectors],
    }));
    this.#byId = new Map(this.policies.map((p) => [p.id, p]));
  }

  /** The policy with this id. */
  get(id: string): CatalogPolicy | undefined {
    return this.#byId.get(id);
  }
}

import { availableParallelism, cpus } from "node:os";

/** The machine a run measured, printed first and stored in `--json` output. */
export interface Machine {
  /** CPU model as the OS reports it, e.g. `"AMD EPYC"`. */
  cpuModel: string;
  /** CPUs available to this process (`os.availableParallelism()`). */
  cpus: number;
  /** e.g. `"linux x64"`. */
  platform: string;
  /** e.g. `"v20.20.2"`. */
  node: string;
}

/** Describes this machine. */
export function describeMachine(): Machine {
  return {
    cpuModel: cpus()[0]?.model.trim() || "unknown CPU",
    cpus: availableParallelism(),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}

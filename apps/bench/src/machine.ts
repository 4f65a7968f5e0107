import { availableParallelism, cpus, loadavg } from "node:os";

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
  /**
   * 1-minute load average when the run started (`os.loadavg()[0]`; 0 where the OS has none). Above the CPU count,
   * other processes competed for the CPUs: expect noisy, pessimistic latency ratios.
   */
  loadAverage1m: number;
}

/** Describes this machine. */
export function describeMachine(): Machine {
  return {
    cpuModel: cpus()[0]?.model.trim() || "unknown CPU",
    cpus: availableParallelism(),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    loadAverage1m: loadAverage1m(),
  };
}

/** The current 1-minute load average. */
export function loadAverage1m(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

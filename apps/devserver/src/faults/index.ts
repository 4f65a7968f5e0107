export {
  createFaultController,
  type FaultAction,
  type FaultConfig,
  type FaultController,
  validateFaultConfig,
} from "./fault-controller.js";
export { createFaultRoutes, faultsToWire } from "./fault-routes.js";

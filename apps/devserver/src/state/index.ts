export { writeFileAtomic } from "./atomic-write.js";
export { endAfterPersist } from "./durable-response.js";
export {
  createStatePersister,
  loadStateFile,
  STATE_FILE_VERSION,
  StateFileError,
  type StatePersister,
} from "./state-file.js";

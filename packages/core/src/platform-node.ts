import { channel } from "node:diagnostics_channel";
import { HTTP_CALL_CHANNEL } from "./diagnostics.js";
import type { Platform } from "./platform.js";
import { DispatchSender } from "./transport/dispatch-sender.js";

/** The Node platform: undici's dispatcher and a real diagnostics channel (held, so subscribers share it). */
export const nodePlatform: Platform = {
  createSender: (options) => new DispatchSender(options),
  callChannel: channel(HTTP_CALL_CHANNEL),
};

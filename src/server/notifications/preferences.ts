// What a person chose for a notification: in the app, as a push, or not at
// all (per type), muted rooms and post threads, quiet hours. `notify()` asks
// here before it writes anything; urgent admin broadcasts skip mutes and
// quiet hours.
import type { Tx } from "../db";
import type { NotifyInput } from "./notify";

export type Delivery = {
  /** Written to the inbox (and counted, and sent live to open tabs). */
  inApp: boolean;
  /** Sent as a Web Push to the person's devices. */
  push: boolean;
};

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- filled in with the preferences
export async function decideDelivery(_tx: Tx, _input: NotifyInput): Promise<Delivery> {
  return { inApp: true, push: true };
}

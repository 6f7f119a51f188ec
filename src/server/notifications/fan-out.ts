// One change notifying several people (a comment's mentions and followers, a
// room message's members): one notifyInTransaction each, inside the change's
// transaction, one per person (a later input for the same person replaces an
// earlier one: a mention beats "a new comment"), in recipient id order.
// Every fan-out takes people's channel locks in that same order, so two
// fan-outs to overlapping people cannot deadlock.
import "server-only";
import type { Tx } from "../db";
import { notifyInTransaction, type NotifyInput } from "./notify";

export async function notifyEach(tx: Tx, inputs: NotifyInput[]) {
  const byRecipient = new Map<string, NotifyInput>();
  for (const input of inputs) byRecipient.set(input.recipientId, input);
  const ordered = [...byRecipient.values()].sort((a, b) => (a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : 0));
  for (const input of ordered) await notifyInTransaction(tx, input);
}

// Posts and comments may be created with an id the browser chose (so its
// optimistic copy and the event that follows are the same item). A request
// that names an id already used is the same author's retry, answered with
// what it created the first time and no second event, or someone else's
// clash, refused.
import "server-only";
import { AppError } from "../errors";

export function earlierCreate<T extends { author: { id: string } }>(existing: T | null, userId: string): T | null {
  if (existing && existing.author.id !== userId) throw new AppError("CONFLICT", "That id is already in use.");
  return existing;
}

import type { Db, Tx } from "../db";

export function countUnread(client: Db | Tx, userId: string): Promise<number> {
  return client.notification.count({ where: { recipientId: userId, readAt: null } });
}

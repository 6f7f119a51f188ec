// Several components may listen to one channel: the subscription stays until
// the last of them lets go (pusher-js keeps one subscription per name).
import type Pusher from "pusher-js";
import type { Channel } from "pusher-js";

const holds = new WeakMap<Pusher, Map<string, number>>();

export function holdChannel(client: Pusher, name: string): { channel: Channel; release: () => void } {
  const counts = holds.get(client) ?? new Map<string, number>();
  holds.set(client, counts);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  const channel = client.subscribe(name);
  let released = false;
  return {
    channel,
    release() {
      if (released) return;
      released = true;
      const left = (counts.get(name) ?? 1) - 1;
      if (left > 0) {
        counts.set(name, left);
        return;
      }
      counts.delete(name);
      client.unsubscribe(name);
    },
  };
}

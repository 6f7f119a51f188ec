import { afterAll, beforeAll } from "vitest";
import { startTestPublisher } from "./publisher";
import { RealtimeTestClient } from "./realtime-client";

/**
 * The live half of an integration file: a publisher running while its tests
 * do, and realtime clients that are all disconnected when the file ends.
 */
export function liveHarness() {
  let publisher: ReturnType<typeof startTestPublisher> | undefined;
  const clients: RealtimeTestClient[] = [];
  beforeAll(() => {
    publisher = startTestPublisher();
  });
  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await publisher?.stop();
  });
  return {
    /** A pusher-js client signed in as `user` (or signed out), closed after the file. */
    client(...args: ConstructorParameters<typeof RealtimeTestClient>): RealtimeTestClient {
      const c = new RealtimeTestClient(...args);
      clients.push(c);
      return c;
    },
  };
}

// Where the journeys' app listens (E2E_PORT, default 3210) and the ports of
// what its start command runs, derived from it so that checkouts side by side
// (each with its own E2E_PORT) never collide.
const app = Number(process.env.E2E_PORT ?? 3210);

export const e2ePorts = {
  app,
  soketi: app + 3000,
  soketiMetrics: app + 6600,
  embeddedDb: app + 51000,
};

// One prefix for everything the start command says, so its lines stand out
// among Next's and Soketi's output.
const PREFIX = "[start]";

export const log = {
  info: (message: string) => console.log(`${PREFIX} ${message}`),
  warn: (message: string) => console.warn(`${PREFIX} ${message}`),
  error: (message: string) => console.error(`${PREFIX} ${message}`),
};

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

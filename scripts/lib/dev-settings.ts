// Secrets the dev mode makes up so that `npm run dev` needs no configuration.
// They are generated once and kept in DATA_DIR: a new NEXTAUTH_SECRET on every
// start would sign everybody out at each restart.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export type DevSettings = { nextauthSecret: string; soketiSecret: string };

export function randomSecret(): string {
  return randomBytes(32).toString("base64url"); // 43 characters
}

function devSettingsPath(dataDir: string): string {
  return path.join(dataDir, "dev-settings.json");
}

function isSecret(value: unknown): value is string {
  return typeof value === "string" && value.length >= 32;
}

/** Reads the dev secrets, generating (and saving) the ones missing. */
export function loadOrCreateDevSettings(dataDir: string): DevSettings {
  const file = devSettingsPath(dataDir);
  let stored: Partial<Record<keyof DevSettings, unknown>> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, "utf8")) as typeof stored;
    } catch {
      // A damaged file only costs the current sessions: start over.
      stored = {};
    }
  }
  const settings: DevSettings = {
    nextauthSecret: isSecret(stored.nextauthSecret) ? stored.nextauthSecret : randomSecret(),
    soketiSecret: isSecret(stored.soketiSecret) ? stored.soketiSecret : randomSecret(),
  };
  if (settings.nextauthSecret !== stored.nextauthSecret || settings.soketiSecret !== stored.soketiSecret) {
    mkdirSync(dataDir, { recursive: true });
    // Written aside then renamed, so an interrupted write never leaves half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }
  return settings;
}

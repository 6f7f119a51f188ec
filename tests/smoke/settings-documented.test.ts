// Every setting the app and the start command read is documented where
// people look for it: README's tables, docker-compose.yml's app service and
// .env.example. A setting added to the code without them fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startSettingNames } from "../../scripts/lib/start-settings";
import { envSchema } from "@/server/env";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const appSettings = Object.keys(envSchema.in.shape);
// Next sets NODE_ENV from its command; nobody configures it.
const configured = [...appSettings, ...startSettingNames].filter((name) => name !== "NODE_ENV").sort();

/** Variable names under `app:` → `environment:` (a map, one per line). */
function composeAppEnvironment(yaml: string): string[] {
  const app = yaml.slice(yaml.indexOf("\n  app:\n"));
  const block = app.slice(app.indexOf("\n    environment:\n")).split("\n").slice(2);
  const names: string[] = [];
  for (const line of block) {
    if (/^ {6}#/.test(line) || line.trim() === "") continue;
    const match = /^ {6}([A-Z0-9_]+):/.exec(line);
    if (!match) break;
    names.push(match[1]!);
  }
  return names.sort();
}

describe("settings", () => {
  it("are all in README's tables, and only they", () => {
    const documented = [...read("README.md").matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]!).sort();
    expect(documented).toEqual([...configured, "NODE_ENV"].sort());
  });

  it("are all set in docker-compose.yml's app service, and only they", () => {
    expect(composeAppEnvironment(read("docker-compose.yml"))).toEqual(configured);
  });

  it("are all in .env.example", () => {
    const example = read(".env.example");
    expect(configured.filter((name) => !new RegExp(`^#? ?${name}=`, "m").test(example))).toEqual([]);
  });
});

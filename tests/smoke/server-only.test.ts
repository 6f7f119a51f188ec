// Every module in src/server starts its imports with `import "server-only"`:
// Next's compiler then refuses any client component whose imports reach it
// (a build error, not server code shipped to the browser). ESLint keeps
// components and src/lib off @/server; this covers what it cannot see (a
// page's client module, a re-export from outside those folders).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function modules(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return modules(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** The module's first import, leaving out type-only imports (erased, so they load nothing). */
function firstImport(source: string): string | undefined {
  return source.split("\n").find((line) => line.startsWith("import ") && !line.startsWith("import type "));
}

describe("server modules", () => {
  it("each import server-only before anything else", () => {
    const missing = modules("src/server").filter((file) => firstImport(readFileSync(path.join(root, file), "utf8")) !== 'import "server-only";');
    expect(missing).toEqual([]);
  });
});

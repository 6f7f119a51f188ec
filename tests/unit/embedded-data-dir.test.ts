// The start command refuses a DATA_DIR whose database the embedded
// PostgreSQL cannot open, before starting anything (the smoke test covers the
// PGlite case end to end).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkEmbeddedDataDir, EMBEDDED_POSTGRES_MAJOR, EmbeddedDataError } from "../../scripts/lib/embedded-postgres";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "embedded-data-dir-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function cluster(folder: string, major: string) {
  mkdirSync(path.join(dataDir, folder));
  writeFileSync(path.join(dataDir, folder, "PG_VERSION"), `${major}\n`);
}

describe("checkEmbeddedDataDir", () => {
  it("accepts a new DATA_DIR, and one holding a cluster of the binaries' version", () => {
    expect(() => checkEmbeddedDataDir(dataDir)).not.toThrow();
    cluster("postgres", String(EMBEDDED_POSTGRES_MAJOR));
    expect(() => checkEmbeddedDataDir(dataDir)).not.toThrow();
  });

  it("refuses the PGlite version's folder, saying how to start afresh or keep it", () => {
    cluster("pglite", "17");
    expect(() => checkEmbeddedDataDir(dataDir)).toThrow(EmbeddedDataError);
    expect(() => checkEmbeddedDataDir(dataDir)).toThrow(/PGlite[\s\S]*rm -rf .*pglite[\s\S]*mv .*pglite/);
  });

  it("refuses a cluster of another PostgreSQL major version, naming both", () => {
    cluster("postgres", "17");
    expect(() => checkEmbeddedDataDir(dataDir)).toThrow(
      new RegExp(`made by PostgreSQL 17; this version runs PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}`),
    );
  });
});

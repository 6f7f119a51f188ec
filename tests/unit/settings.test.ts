import { describe, expect, it } from "vitest";
import { InvalidSettingsError, parseEnv } from "@/server/env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app",
  NEXTAUTH_URL: "http://localhost:3000",
  NEXTAUTH_SECRET: "x".repeat(32),
  PUSHER_APP_ID: "app",
  PUSHER_KEY: "key",
  PUSHER_SECRET: "secret",
  PUSHER_HOST: "127.0.0.1",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidSettingsError) return error.problems;
    throw error;
  }
  return [];
}

describe("settings", () => {
  it("accepts a complete set and fills the defaults", () => {
    expect(parseEnv(valid)).toMatchObject({
      PUSHER_PORT: 6001,
      PUSHER_USE_TLS: false,
      PUSHER_PUBLIC_HOST: "127.0.0.1",
      PUSHER_PUBLIC_PORT: 6001,
      PUSHER_PUBLIC_TLS: false,
      OUTBOX_POLL_MS: 250,
    });
  });

  it("names each missing or bad setting in one message", () => {
    expect(problems({ ...valid, DATABASE_URL: undefined })).toEqual(["DATABASE_URL is required (a postgresql:// URL)"]);
    expect(problems({ ...valid, DATABASE_URL: "mysql://x" })).toEqual(["DATABASE_URL must be a postgresql:// URL"]);
    expect(problems({ ...valid, NEXTAUTH_SECRET: "short" })).toEqual(["NEXTAUTH_SECRET must be at least 32 characters"]);
    expect(problems({ ...valid, PUSHER_PORT: "http" })).toEqual([expect.stringMatching(/^PUSHER_PORT /)]);
    expect(problems({ ...valid, PUSHER_USE_TLS: "yes" })).toEqual([expect.stringMatching(/^PUSHER_USE_TLS /)]);
    const many = problems({ ...valid, PUSHER_KEY: "", PUSHER_SECRET: undefined, NEXTAUTH_URL: "nope" });
    expect(many.map((p) => p.split(" ")[0]).sort()).toEqual(["NEXTAUTH_URL", "PUSHER_KEY", "PUSHER_SECRET"]);
  });

  it("says where to look in the error text", () => {
    expect(() => parseEnv({})).toThrow(/Invalid settings:\n {2}- .*\nSee README.md, "Settings"\./s);
  });
});

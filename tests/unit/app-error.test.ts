// The production web server runs the server code twice (Next's bundle and the
// REST API beside it): an AppError made by one copy must still be told apart
// from a crash by the other, or a 409 becomes a 500.
import { describe, expect, it } from "vitest";
import { AppError, isAppError, isUniqueViolation } from "@/server/errors";

/** AppError as the other copy of the module defines it: the same shape, another class. */
class OtherCopysAppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

describe("isAppError", () => {
  it("knows this copy's AppError and the other copy's", () => {
    expect(isAppError(new AppError("CONFLICT", "taken"))).toBe(true);
    expect(isAppError(new OtherCopysAppError("NOT_FOUND", "gone"))).toBe(true);
  });

  it("is not fooled by other errors or plain objects", () => {
    expect(isAppError(new OtherCopysAppError("ECONNREFUSED", "no database"))).toBe(false);
    expect(isAppError(Object.assign(new Error("x"), { code: "CONFLICT" }))).toBe(false);
    expect(isAppError({ name: "AppError", code: "CONFLICT", message: "not an Error" })).toBe(false);
    expect(isAppError(null)).toBe(false);
  });
});

describe("isUniqueViolation", () => {
  it("is Prisma's P2002 from any copy of the client, nothing else", () => {
    expect(isUniqueViolation(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("not found"), { code: "P2025" }))).toBe(false);
    expect(isUniqueViolation({ code: "P2002" })).toBe(false);
  });
});

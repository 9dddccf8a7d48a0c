import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, randomPassword, verifyPassword } from "../../../worker/auth/passwords.ts";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery!", stored)).toBe(false);
  });

  it("salts each hash, so one password hashes differently twice", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it("verifies with the iteration count stored with the hash", async () => {
    const cheap = await hashPassword("old hash", 1000);
    expect(cheap.iterations).toBe(1000);
    expect(await verifyPassword("old hash", cheap)).toBe(true);
  });

  it("matches nothing with the dummy hash used for unknown users", async () => {
    expect(await verifyPassword("", DUMMY_HASH)).toBe(false);
    expect(await verifyPassword("admin", DUMMY_HASH)).toBe(false);
  });

  it("generates random passwords of the requested length from an unambiguous alphabet", () => {
    const password = randomPassword(24);
    expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{24}$/);
    expect(randomPassword()).not.toBe(randomPassword());
  });
});

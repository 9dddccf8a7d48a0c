import { describe, expect, it } from "vitest";
import { isIp, splitLeadingIp } from "../../../../worker/sources/common/ip.ts";

describe("isIp", () => {
  it("accepts IPv4, full, compressed, zoned and IPv4-mapped IPv6 addresses", () => {
    for (const address of [
      "10.0.0.1",
      "255.255.255.255",
      "2001:db8::1",
      "::1",
      "::",
      "fe80::1%eth0",
      "::ffff:10.0.0.1",
    ]) {
      expect(isIp(address), address).toBe(true);
    }
    expect(isIp("2001:0db8:0000:0000:0000:ff00:0042:8329")).toBe(true);
  });

  it("rejects host names, '-', out-of-range octets and malformed IPv6", () => {
    for (const value of [
      "-",
      "",
      "example.com",
      "256.1.1.1",
      "1.2.3",
      "1:2:3",
      "1::2::3",
      "12345::1",
      "1:2:3:4:5:6:7:8:9",
    ]) {
      expect(isIp(value), value).toBe(false);
    }
  });
});

describe("splitLeadingIp", () => {
  it("splits an IPv4 address from the host name glued after it", () => {
    expect(splitLeadingIp("93.184.216.34example.com")).toEqual({ ip: "93.184.216.34", rest: "example.com" });
  });

  it("splits an IPv6 address from the host name glued after it", () => {
    expect(splitLeadingIp("2606:4700::1111one.one.one.one")).toEqual({
      ip: "2606:4700::1111",
      rest: "one.one.one.one",
    });
  });

  it("returns the whole value as the address when nothing follows it", () => {
    expect(splitLeadingIp("10.1.2.3")).toEqual({ ip: "10.1.2.3", rest: "" });
    expect(splitLeadingIp("::1")).toEqual({ ip: "::1", rest: "" });
  });

  it("returns null when the value does not start with an address", () => {
    expect(splitLeadingIp("example.com")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { type CidrNetwork, networkSet, parseCidr, parseIp } from "../../../../worker/detect/sigma/cidr.ts";

function networks(...texts: string[]): CidrNetwork[] {
  return texts.map((text) => {
    const network = parseCidr(text);
    if (network === null) throw new Error(`bad network ${text}`);
    return network;
  });
}

function ip(text: string): Uint8Array {
  const address = parseIp(text);
  if (address === null) throw new Error(`bad address ${text}`);
  return address;
}

/** The plain bitmask test, as the oracle for the set's prefix lookups. */
function ipInNetwork(ip: Uint8Array, network: CidrNetwork): boolean {
  if (ip.length !== network.bytes.length) return false;
  let bits = network.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip[i] ?? 0) & mask) !== ((network.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

describe("networkSet", () => {
  const list = networks("10.0.0.0/8", "192.168.1.7", "172.16.0.0/12", "203.0.113.128/25", "2001:db8::/32", "::1");

  it("holds exactly the addresses some network of the list holds", () => {
    const set = networkSet(list);
    const addresses = [
      "10.255.1.2",
      "11.0.0.1",
      "192.168.1.7",
      "192.168.1.8",
      "172.31.255.255",
      "172.32.0.0",
      "203.0.113.129",
      "203.0.113.127",
      "2001:db8:ffff::1",
      "2001:db9::1",
      "::1",
      "::2",
      "::ffff:10.1.2.3",
    ];
    for (const text of addresses) {
      const expected = list.some((network) => ipInNetwork(ip(text), network));
      expect([text, set.has(ip(text))]).toEqual([text, expected]);
    }
  });

  it("keeps IPv4 and IPv6 apart, even for a /0", () => {
    const set = networkSet(networks("0.0.0.0/0"));
    expect(set.has(ip("198.51.100.1"))).toBe(true);
    expect(set.has(ip("2001:db8::1"))).toBe(false);
  });

  it("holds nothing when empty", () => {
    expect(networkSet([]).has(ip("10.0.0.1"))).toBe(false);
  });
});

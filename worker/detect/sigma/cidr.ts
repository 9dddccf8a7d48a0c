/** IPv4 and IPv6 addresses and networks for the `cidr` modifier, as byte arrays compared by prefix. */

export interface CidrNetwork {
  bytes: Uint8Array;
  prefix: number;
}

export function parseCidr(text: string): CidrNetwork | null {
  const slash = text.indexOf("/");
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === null) return null;
  const max = address.length * 8;
  const prefixText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix > max ? null : { bytes: address, prefix };
}

/** An address as 4 bytes (IPv4, including IPv4-mapped IPv6) or 16 bytes (IPv6); null when it is neither. */
export function parseIp(text: string): Uint8Array | null {
  if (text.includes(":")) {
    const v6 = parseIpv6(text);
    if (v6 === null) return null;
    const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
    return mapped ? v6.slice(12) : v6;
  }
  return parseIpv4(text);
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? "";
    if (!/^[0-9]{1,3}$/.test(part) || Number(part) > 255) return null;
    bytes[i] = Number(part);
  }
  return bytes;
}

function parseIpv6(input: string): Uint8Array | null {
  const text = input.replace(/%.*$/, "");
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (half === undefined || half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? "";
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(Number.parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * A set of networks, looked up by prefix length rather than network by network: an IP list may hold
 * thousands of entries, and every event's addresses are checked against it.
 */
export interface NetworkSet {
  has(ip: Uint8Array): boolean;
}

/** The address's first `prefix` bits, with the family, as a string key. */
function prefixKey(bytes: Uint8Array, prefix: number): string {
  let key = `${bytes.length}/${prefix}:`;
  for (let i = 0, bits = prefix; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    key += String.fromCharCode((bytes[i] ?? 0) & mask);
  }
  return key;
}

export function networkSet(networks: readonly CidrNetwork[]): NetworkSet {
  const keys = new Set<string>();
  // Address length (4 or 16) -> the prefix lengths the list uses for that family.
  const prefixes = new Map<number, number[]>();
  for (const network of networks) {
    keys.add(prefixKey(network.bytes, network.prefix));
    const lengths = prefixes.get(network.bytes.length) ?? [];
    if (!lengths.includes(network.prefix)) lengths.push(network.prefix);
    prefixes.set(network.bytes.length, lengths);
  }
  return {
    has: (ip) => prefixes.get(ip.length)?.some((prefix) => keys.has(prefixKey(ip, prefix))) ?? false,
  };
}

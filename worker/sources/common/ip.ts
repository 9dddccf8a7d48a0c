/** IP address checks, written out because Workers and Deno share no address parser. */

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const LEADING_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
/** The characters an IPv6 address can be written with, including an embedded IPv4 tail. */
const LEADING_IPV6_CHARS = /^[0-9a-f:.]+/i;

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIpv6(value: string): boolean {
  const address = value.replace(/%[\w.-]+$/, "");
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  const last = groups.at(-1);
  // An embedded IPv4 tail (::ffff:10.0.0.1) takes the room of two groups.
  const tailIsIpv4 = last !== undefined && isIpv4(last);
  const hexGroups = tailIsIpv4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((group) => HEX_GROUP.test(group))) return false;
  const width = hexGroups.length + (tailIsIpv4 ? 2 : 0);
  return halves.length === 2 ? width <= 7 : width === 8;
}

export function isIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

/**
 * Splits an address glued to a host name ("93.184.216.34example.com"), taking the longest prefix that
 * is a valid address. When the name starts with characters an address can also contain, the split
 * is ambiguous and the address wins them.
 */
export function splitLeadingIp(value: string): { ip: string; rest: string } | null {
  const v4 = LEADING_IPV4.exec(value)?.[0];
  if (v4 !== undefined) return { ip: v4, rest: value.slice(v4.length) };
  const run = LEADING_IPV6_CHARS.exec(value)?.[0] ?? "";
  for (let end = Math.min(run.length, 45); end >= 2; end--) {
    const candidate = value.slice(0, end);
    if (candidate.includes(":") && isIpv6(candidate)) return { ip: candidate, rest: value.slice(end) };
  }
  return null;
}

/**
 * `@list:<name>` pieces of simple rules: the IP list's entries (placeholder values, as Sigma's
 * `expand` reads them) against the event's addresses — its source and destination IP, and every
 * IPv4 address written in its detail text (a command line's `ping 203.0.113.9`, a URL's host).
 */
import { type CidrNetwork, type NetworkSet, networkSet, parseCidr, parseIp } from "../sigma/cidr.ts";
import type { EventView } from "../types.ts";

export type Placeholders = Readonly<Record<string, readonly string[]>>;

/** One list's networks, or the reason it cannot be used. */
export function listNetworks(name: string, placeholders: Placeholders): NetworkSet | string {
  const entries = placeholders[name];
  if (entries === undefined) return `IP list '${name}' is not defined`;
  const networks: CidrNetwork[] = [];
  for (const entry of entries) {
    const network = parseCidr(entry.trim());
    if (network === null) return `IP list '${name}' holds '${entry}', which is not an IP address or CIDR network`;
    networks.push(network);
  }
  return networkSet(networks);
}

const IPV4_IN_TEXT = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g;

export function eventAddresses(view: EventView): Uint8Array[] {
  const texts = [view.event.srcIp, view.event.dstIp, ...(view.detailText().match(IPV4_IN_TEXT) ?? [])];
  const addresses: Uint8Array[] = [];
  for (const text of texts) {
    const address = text === null ? null : parseIp(text);
    if (address !== null) addresses.push(address);
  }
  return addresses;
}

export function anyAddressIn(addresses: readonly Uint8Array[], networks: NetworkSet): boolean {
  return addresses.some((address) => networks.has(address));
}

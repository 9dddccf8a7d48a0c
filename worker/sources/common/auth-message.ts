/** A parsed Linux authentication message: its columns and the fields that explain them. */
import type { FieldValue } from "../../model/event.ts";
import { isIp } from "./ip.ts";
import type { EventColumns } from "./result.ts";
import { toPort } from "./values.ts";

export interface AuthMessage {
  columns: Partial<EventColumns>;
  fields: Record<string, FieldValue>;
}

/**
 * sshd prints a host name instead of an address when UseDNS is on; only an address may go into
 * `source.ip` and the src_ip column, a name is kept as `source.address`.
 */
export function sourceAddress(address: string, port?: string): AuthMessage {
  const srcPort = port === undefined ? null : toPort(port);
  const ip = isIp(address);
  const fields: Record<string, FieldValue> = { [ip ? "source.ip" : "source.address"]: address };
  if (srcPort !== null) fields["source.port"] = srcPort;
  return { columns: { srcIp: ip ? address : null, srcPort }, fields };
}

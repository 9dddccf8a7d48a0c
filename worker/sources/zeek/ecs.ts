/**
 * The ECS fields of Zeek's conn, dns, http, ssl, files, x509, notice, weird and dhcp logs, from
 * their own (docs.zeek.org's log references; ECS field reference). Only values the log holds are
 * given; the addresses and ports are the event's indexed columns already. Zeek's own names stay:
 * rules written for Zeek (`query`, `uri`) and for ECS (`dns.question.name`, `url.path`) both match.
 */
import type { FieldValue } from "../../model/event.ts";
import { text } from "../common/values.ts";

type Fields = Record<string, FieldValue>;
type EcsFields = Record<string, FieldValue>;

/** A single value: the first of a list (Zeek's service "ssl,http" is a list too). */
function first(value: FieldValue | undefined): string | null {
  const item = Array.isArray(value) ? value[0] : value;
  const single = text(item);
  return single?.split(",")[0] ?? null;
}

function put(ecs: EcsFields, name: string, value: FieldValue | undefined): void {
  if (value === undefined || value === null || value === "") return;
  if (Array.isArray(value) && value.length === 0) return;
  ecs[name] = value;
}

/** ECS writes MAC addresses in upper case, octets joined by hyphens. */
function ecsMac(value: FieldValue | undefined): string | null {
  const mac = text(value);
  return mac !== null && /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i.test(mac) ? mac.toUpperCase().replace(/:/g, "-") : null;
}

/** The parts ECS names in a request target: an origin-form "/a/b.bat?x=1" or a proxy's absolute URL. */
export function urlParts(uri: string): { path: string; query: string | null; extension: string | null } {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(uri);
  const target = absolute ? uri.slice(absolute[0].length) : uri;
  const end = target.search(/[?#]/);
  const path = end < 0 ? target : target.slice(0, end);
  const query = end >= 0 && target[end] === "?" ? (target.slice(end + 1).split("#")[0] ?? "") : null;
  const segment = path.slice(path.lastIndexOf("/") + 1);
  const dot = segment.lastIndexOf(".");
  const extension = dot >= 0 && dot < segment.length - 1 ? segment.slice(dot + 1).toLowerCase() : null;
  return { path, query: query === "" ? null : query, extension };
}

/** The Host header as ECS's url.domain and url.port: "example.com:8080", "[2001:db8::1]:80". */
function hostParts(host: string): { domain: string; port: number | null } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(host);
  if (match === null) return { domain: host, port: null };
  return { domain: (match[1] as string).replace(/^\[|\]$/g, ""), port: Number(match[2]) };
}

/** "TLSv12" is ECS's tls.version "1.2" of tls.version_protocol "tls"; "SSLv3" is "3.0" of "ssl". */
function tlsVersion(value: FieldValue | undefined): { version: string; protocol: string } | null {
  const match = /^(TLS|SSL|DTLS)v(\d)(\d)?$/i.exec(text(value) ?? "");
  if (match === null) return null;
  return { version: `${match[2]}.${match[3] ?? "0"}`, protocol: (match[1] as string).toLowerCase() };
}

function network(ecs: EcsFields, fields: Fields, protocol: string | null): void {
  put(ecs, "network.transport", text(fields.proto)?.toLowerCase());
  put(ecs, "network.protocol", protocol);
}

const BY_LOG: Record<string, (ecs: EcsFields, fields: Fields) => void> = {
  conn(ecs, f) {
    network(ecs, f, first(f.service)?.toLowerCase() ?? null);
    put(ecs, "source.bytes", f.orig_bytes);
    put(ecs, "destination.bytes", f.resp_bytes);
    put(ecs, "source.packets", f.orig_pkts);
    put(ecs, "destination.packets", f.resp_pkts);
  },
  dns(ecs, f) {
    network(ecs, f, "dns");
    put(ecs, "dns.id", f.trans_id);
    put(ecs, "dns.question.name", f.query);
    put(ecs, "dns.question.type", f.qtype_name);
    put(ecs, "dns.question.class", f.qclass_name);
    put(ecs, "dns.response_code", f.rcode_name);
  },
  http(ecs, f) {
    network(ecs, f, "http");
    put(ecs, "http.request.method", f.method);
    put(ecs, "http.request.referrer", f.referrer);
    put(ecs, "http.request.body.bytes", f.request_body_len);
    put(ecs, "http.response.status_code", f.status_code);
    put(ecs, "http.response.body.bytes", f.response_body_len);
    put(ecs, "http.response.mime_type", first(f.resp_mime_types));
    put(ecs, "http.version", f.version);
    put(ecs, "user_agent.original", f.user_agent);
    const host = text(f.host);
    if (host !== null) {
      const { domain, port } = hostParts(host);
      put(ecs, "url.domain", domain);
      put(ecs, "url.port", port);
    }
    const uri = text(f.uri);
    if (uri !== null) {
      const { path, query, extension } = urlParts(uri);
      put(ecs, "url.original", uri);
      put(ecs, "url.path", path);
      put(ecs, "url.query", query);
      put(ecs, "url.extension", extension);
    }
  },
  ssl(ecs, f) {
    network(ecs, f, "tls");
    const version = tlsVersion(f.version);
    put(ecs, "tls.version", version?.version);
    put(ecs, "tls.version_protocol", version?.protocol);
    put(ecs, "tls.cipher", f.cipher);
    put(ecs, "tls.curve", f.curve);
    // ECS names the SNI the client asked for tls.client.server_name (it has no tls.server.name).
    put(ecs, "tls.client.server_name", f.server_name);
    put(ecs, "tls.resumed", f.resumed);
    put(ecs, "tls.established", f.established);
    put(ecs, "tls.next_protocol", f.next_protocol);
    put(ecs, "tls.server.subject", f.subject);
    put(ecs, "tls.server.issuer", f.issuer);
  },
  files(ecs, f) {
    put(ecs, "file.mime_type", f.mime_type);
    put(ecs, "file.name", f.filename);
    put(ecs, "file.size", f.total_bytes ?? f.seen_bytes);
    put(ecs, "file.hash.md5", f.md5);
    put(ecs, "file.hash.sha1", f.sha1);
    put(ecs, "file.hash.sha256", f.sha256);
  },
  // ECS's x509 field set where it describes a certificate seen as a file.
  x509(ecs, f) {
    put(ecs, "file.x509.version_number", text(f["certificate.version"]));
    put(ecs, "file.x509.serial_number", f["certificate.serial"]);
    put(ecs, "file.x509.subject.distinguished_name", f["certificate.subject"]);
    put(ecs, "file.x509.issuer.distinguished_name", f["certificate.issuer"]);
    put(ecs, "file.x509.public_key_algorithm", f["certificate.key_alg"]);
    put(ecs, "file.x509.signature_algorithm", f["certificate.sig_alg"]);
    put(ecs, "file.x509.public_key_size", f["certificate.key_length"]);
    put(ecs, "file.x509.alternative_names", f["san.dns"]);
  },
  notice(ecs, f) {
    put(ecs, "rule.name", f.note);
    put(ecs, "message", f.msg);
  },
  weird(ecs, f) {
    put(ecs, "rule.name", f.name);
  },
  dhcp(ecs, f) {
    network(ecs, f, "dhcp");
    put(ecs, "source.mac", ecsMac(f.mac));
    put(ecs, "host.hostname", f.host_name);
  },
};

/** The ECS fields of a record of log `log`; none for the logs not mapped. */
export function zeekEcsFields(log: string | null, fields: Fields): EcsFields {
  const ecs: EcsFields = Object.create(null);
  const map = log === null || !Object.hasOwn(BY_LOG, log) ? undefined : BY_LOG[log];
  map?.(ecs, fields);
  return ecs;
}

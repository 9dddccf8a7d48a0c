/**
 * Zeek JSON logs, one dataset per log (`zeek.conn`, `zeek.http`...). Rules name Zeek logs by
 * `product: zeek, service: <log>`, which the naming convention already routes; the product-less
 * web and DNS categories are Zeek's logs too, and any shipper's dataset of the category's name.
 */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";

const anyCode = (...datasets: string[]) => datasets.map((dataset) => ({ dataset, eventCode: null }));

export const ZEEK: SourceDescriptor = {
  name: "zeek",
  recognition: {
    by: "shape",
    shape: "`_path`, `id.orig_h`, or `ts` and the fields of one of Zeek's logs (Zeek logs have no ECS branches)",
  },
  datasets: ["zeek.*"],
  logsources: [
    { product: null, categories: { dns: anyCode("zeek.dns", "dns"), proxy: anyCode("zeek.http", "proxy") } },
  ],
  fieldNames: {
    "source.ip": ["id.orig_h"],
    "source.port": ["id.orig_p"],
    "destination.ip": ["id.resp_h"],
    "destination.port": ["id.resp_p"],
    "host.name": ["_system_name"],
    "dns.question.name": ["query"],
    "url.original": ["uri"],
    "http.request.method": ["method"],
    "url.domain": ["host"],
    "user_agent.original": ["user_agent"],
    "http.request.referrer": ["referrer"],
    "http.response.status_code": ["status_code"],
    "network.transport": ["proto"],
    "dns.question.type": ["qtype_name"],
    "dns.response_code": ["rcode_name"],
    "tls.client.server_name": ["server_name"],
    "file.mime_type": ["mime_type"],
    "file.hash.md5": ["md5"],
    "file.hash.sha1": ["sha1"],
    "file.hash.sha256": ["sha256"],
  },
  columnNames: ["id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"],
  keyFields: ["source.ip", "destination.ip", "destination.port"],
  quickViews: [
    { view: "network", dataset: "zeek.conn" },
    { view: "network", dataset: "zeek.http" },
    { view: "network", dataset: "zeek.dns" },
  ],
  quickViewFields: {
    network: {
      "zeek.dns": { parts: [["query"]] },
      "zeek.http": { parts: [["host"], ["uri"]], separator: "" },
      "zeek.conn": { parts: [["proto"], ["service"]], separator: "/" },
    },
  },
  eventColumns: ["host.name", "event.action"],
  // The DNS log's query and the HTTP log's URI are detail text; every Zeek log is keyed by its connection.
  simpleRuleInputs: {
    detailText: [{ dataset: "zeek.dns" }, { dataset: "zeek.http" }],
    addresses: [{ dataset: "zeek.*" }],
  },
};

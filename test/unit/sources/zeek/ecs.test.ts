import { describe, expect, it } from "vitest";
import { parseZeekTsv, type ZeekRecord } from "../../../../worker/formats/zeek/tsv.ts";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import { prepareRecord } from "../../../../worker/ingest/prepare.ts";
import { urlParts } from "../../../../worker/sources/zeek/ecs.ts";
import connLog from "../../../fixtures/zeek/conn-pppoe.log?raw";
import dhcpLog from "../../../fixtures/zeek/dhcp-all-msg-types.log?raw";
import dnsLog from "../../../fixtures/zeek/dns-ipv6-frag.log?raw";
import wfetchConn from "../../../fixtures/zeek/docs-wfetch/conn.log?raw";
import wfetchFiles from "../../../fixtures/zeek/docs-wfetch/files.log?raw";
import wfetchHttp from "../../../fixtures/zeek/docs-wfetch/http.log?raw";
import httpLog from "../../../fixtures/zeek/http-pipelining.log?raw";
import noticeLog from "../../../fixtures/zeek/notice-filter-warning.log?raw";
import sslLog from "../../../fixtures/zeek/ssl-basic.log?raw";
import weirdLog from "../../../fixtures/zeek/weird-negative-time.log?raw";
import x509Log from "../../../fixtures/zeek/x509-basic.log?raw";
import { ctx, eventOf } from "../helpers.ts";

function tsv(text: string): ZeekRecord[] {
  const result = parseZeekTsv(text);
  if (!result.ok) expect.fail(result.error);
  return result.records;
}

/**
 * btest masks the timestamps of its newer baselines (XXXXXXXXXX.XXXXXX); those lines are read with
 * a real time in their place, every other value as Zeek wrote it.
 */
function masked(text: string): ZeekRecord[] {
  return tsv(text.replace(/XXXXXXXXXX\.XXXXXX/g, "1258535653.087137"));
}

const eventFrom = (record: unknown) => eventOf(normaliseRecord(record, ctx));
const json = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe("Zeek JSON without _path", () => {
  it.each([
    ["conn", wfetchConn],
    ["http", wfetchHttp],
    ["files", wfetchFiles],
  ])("tells a %s.log record by its fields", (log, line) => {
    const event = eventFrom(json(line));
    expect(event.source).toBe("zeek");
    expect(event.dataset).toBe(`zeek.${log}`);
    expect(event.fields._path).toBe(log);
  });

  it.each([
    ["ssl", sslLog],
    ["x509", x509Log],
    ["notice", noticeLog],
    ["weird", weirdLog],
  ])("tells %s records from Zeek's baselines once their _path is gone", (log, text) => {
    const [record] = masked(text);
    const { _path, ...withoutPath } = record as ZeekRecord;
    expect(_path).toBe(log);
    expect(eventFrom(withoutPath).dataset).toBe(`zeek.${log}`);
  });

  it("leaves a record whose fields fit no log in zeek.unknown", () => {
    expect(eventFrom({ ts: 1596820191.9, "id.orig_h": "192.0.2.1", something: 1 }).dataset).toBe("zeek.unknown");
  });
});

describe("Zeek's logs in ECS", () => {
  it("maps the http.log of a download: url parts, method, status, user agent", () => {
    const event = eventFrom(json(wfetchHttp));
    expect(event.fields).toMatchObject({
      "url.original": "/download/d/e/5/de5351d6-4463-4cc3-a27c-3e2274263c43/wfetch.exe",
      "url.path": "/download/d/e/5/de5351d6-4463-4cc3-a27c-3e2274263c43/wfetch.exe",
      "url.extension": "exe",
      "url.domain": "download.microsoft.com",
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "http.response.mime_type": "application/x-dosexec",
      "user_agent.original": "Wget/1.19.4 (linux-gnu)",
      "network.protocol": "http",
    });
    expect(event).toMatchObject({ srcIp: "192.168.4.37", srcPort: 58264, dstIp: "23.195.64.241", dstPort: 80 });
  });

  it("stores the http record with the ECS fields beside Zeek's, so the search reads them", () => {
    const record = json(wfetchHttp);
    const prepared = prepareRecord(record, 0, ctx.receivedAt);
    if (!("event" in prepared)) expect.fail(prepared.error);
    const stored = JSON.parse(prepared.rawJson);
    expect(stored).toMatchObject({ ...record, _path: "http", "url.extension": "exe" });
    expect(eventFrom(stored).fields).toEqual(prepared.event.fields);
  });

  it("maps Zeek's http.log baseline (TSV)", () => {
    const fields = tsv(httpLog).map((record) => eventFrom(record).fields);
    expect(fields.map((f) => f["url.extension"])).toEqual(["css", "js", "png", "png", "png"]);
    expect(fields[1]).toMatchObject({ "url.path": "/script/urchin.js", "http.request.referrer": expect.any(String) });
  });

  it("maps conn.log: transport, service, bytes", () => {
    const [record] = tsv(connLog);
    expect(eventFrom(record).fields).toMatchObject({
      "network.transport": "udp",
      "source.bytes": 192,
      "destination.bytes": 0,
    });
    expect(eventFrom(json(wfetchConn)).fields).toMatchObject({
      "network.protocol": "http",
      "network.transport": "tcp",
    });
  });

  it("maps dns.log: question, type and response code", () => {
    const [answered, unanswered] = tsv(dnsLog);
    expect(eventFrom(answered).fields).toMatchObject({
      "dns.question.name": "txtpadding_323.n1.netalyzr.icsi.berkeley.edu",
      "dns.question.type": "TXT",
      "dns.response_code": "NOERROR",
      "dns.id": 3903,
      "network.transport": "udp",
    });
    expect(eventFrom(unanswered).fields["dns.response_code"]).toBeUndefined();
  });

  it("maps ssl.log: version, cipher, SNI and the certificate's subject", () => {
    const [record] = masked(sslLog);
    expect(eventFrom(record).fields).toMatchObject({
      "tls.version": "1.0",
      "tls.version_protocol": "tls",
      "tls.cipher": "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
      "tls.client.server_name": "ssl.gstatic.com",
      "tls.established": true,
      "tls.server.issuer": "CN=Google Internet Authority,O=Google Inc,C=US",
    });
  });

  it("maps files.log and x509.log", () => {
    expect(eventFrom(json(wfetchFiles)).fields).toMatchObject({
      "file.mime_type": "application/x-dosexec",
      "file.size": 179272,
    });
    const hashed = eventFrom({ ...json(wfetchFiles), md5: "6711727adf76599bf50c9426057a35fe" });
    expect(hashed.fields["file.hash.md5"]).toBe("6711727adf76599bf50c9426057a35fe");
    const [cert] = masked(x509Log);
    expect(eventFrom(cert).fields).toMatchObject({
      "file.x509.serial_number": "36F5DA5300000000505E",
      "file.x509.alternative_names": ["*.gstatic.com", "gstatic.com", "*.metric.gstatic.com"],
      "file.x509.public_key_size": 1024,
    });
  });

  it("maps notice.log and weird.log: what happened is the event's action", () => {
    const notice = eventFrom(masked(noticeLog)[0]);
    expect(notice.action).toBe("PacketFilter::Install_Failure");
    expect(notice.fields).toMatchObject({
      "rule.name": "PacketFilter::Install_Failure",
      message: "Installing packet filter failed",
    });
    const weird = eventFrom(tsv(weirdLog)[0]);
    expect(weird.action).toBe("negative_packet_timestamp");
    expect(weird.category).toBe("intrusion_detection");
  });

  it("maps dhcp.log: the client's MAC as ECS writes it", () => {
    expect(eventFrom(tsv(dhcpLog)[0]).fields).toMatchObject({
      "source.mac": "90-B1-1C-99-49-29",
      "network.protocol": "dhcp",
    });
  });
});

describe("urlParts", () => {
  it.each([
    ["/a/b.BAT?x=1.exe", "/a/b.BAT", "x=1.exe", "bat"],
    ["http://example.com:8080/x/run.ps1", "/x/run.ps1", null, "ps1"],
    ["/dir.d/file", "/dir.d/file", null, null],
    ["/trailing.", "/trailing.", null, null],
    ["/", "/", null, null],
  ])("reads %s", (uri, path, query, extension) => {
    expect(urlParts(uri)).toEqual({ path, query, extension });
  });
});

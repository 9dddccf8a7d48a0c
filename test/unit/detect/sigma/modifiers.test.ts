import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { compileErrors, processEvent, processRule, verdicts } from "./support.ts";

const cmd = (commandLine: string) =>
  processEvent({ Image: "C:\\Windows\\System32\\cmd.exe", CommandLine: commandLine });
const b64 = (text: string, encoding: BufferEncoding = "utf8") => Buffer.from(text, encoding).toString("base64");

describe("position modifiers", () => {
  const events = [cmd("whoami /all"), cmd("C:\\tools\\WHOAMI.exe"), cmd("run whoami now")];

  it("contains finds the value anywhere, ignoring case", () => {
    expect(verdicts("sel:\n  CommandLine|contains: 'WhoAmI'\ncondition: sel", events)).toEqual([true, true, true]);
  });

  it("startswith anchors at the start", () => {
    expect(verdicts("sel:\n  CommandLine|startswith: 'whoami'\ncondition: sel", events)).toEqual([true, false, false]);
  });

  it("endswith anchors at the end", () => {
    expect(verdicts("sel:\n  CommandLine|endswith: '\\whoami.exe'\ncondition: sel", events)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it("contains|all needs every value; a plain list needs one", () => {
    const all = "sel:\n  CommandLine|contains|all:\n    - 'whoami'\n    - '/all'\ncondition: sel";
    const any = "sel:\n  CommandLine|contains:\n    - 'whoami'\n    - '/all'\ncondition: sel";
    expect(verdicts(all, events)).toEqual([true, false, false]);
    expect(verdicts(any, events)).toEqual([true, true, true]);
  });
});

describe("cased", () => {
  const events = [cmd("Invoke-Expression"), cmd("invoke-expression")];

  it("makes an exact value case-sensitive", () => {
    expect(verdicts("sel:\n  CommandLine|cased: 'Invoke-Expression'\ncondition: sel", events)).toEqual([true, false]);
  });

  it("makes contains case-sensitive", () => {
    expect(verdicts("sel:\n  CommandLine|contains|cased: 'Expression'\ncondition: sel", events)).toEqual([true, false]);
  });
});

describe("re", () => {
  const events = [cmd("Net User admin"), cmd("net user admin"), cmd("first\nnet user")];

  it("is case-sensitive and unanchored by default", () => {
    expect(verdicts("sel:\n  CommandLine|re: 'net\\s+user'\ncondition: sel", events)).toEqual([false, true, true]);
  });

  it("i makes it case-insensitive", () => {
    expect(verdicts("sel:\n  CommandLine|re|i: '^net\\s+user'\ncondition: sel", events)).toEqual([true, true, false]);
  });

  it("m lets ^ match at each line start", () => {
    expect(verdicts("sel:\n  CommandLine|re|m: '^net user$'\ncondition: sel", events)).toEqual([false, false, true]);
  });

  it("s lets the dot match a newline", () => {
    const detection = "sel:\n  CommandLine|re|s: 'first.net'\ncondition: sel";
    expect(verdicts(detection, events)).toEqual([false, false, true]);
    expect(verdicts("sel:\n  CommandLine|re: 'first.net'\ncondition: sel", events)).toEqual([false, false, false]);
  });

  it("re|all needs every pattern", () => {
    const detection = "sel:\n  CommandLine|re|all:\n    - 'net'\n    - 'admin$'\ncondition: sel";
    expect(verdicts(detection, events)).toEqual([false, true, false]);
  });
});

describe("encodings", () => {
  it("base64 compares the encoded value", () => {
    const events = [cmd(b64("whoami /all")), cmd("whoami /all")];
    expect(verdicts("sel:\n  CommandLine|base64: 'whoami /all'\ncondition: sel", events)).toEqual([true, false]);
  });

  it("base64|contains finds the encoded value inside a text", () => {
    const events = [cmd(`powershell -e ${b64("abc")}`), cmd("powershell -e other")];
    expect(verdicts("sel:\n  CommandLine|base64|contains: 'abc'\ncondition: sel", events)).toEqual([true, false]);
  });

  it("base64offset|contains finds the value at each of the three byte offsets", () => {
    const events = ["", "x", "xy", "xyz"].map((prefix) => cmd(b64(`${prefix}Invoke-Mimikatz -DumpCreds`)));
    const detection = "sel:\n  CommandLine|base64offset|contains: 'Invoke-Mimikatz'\ncondition: sel";
    expect(verdicts(detection, [...events, cmd(b64("Invoke-Other"))])).toEqual([true, true, true, true, false]);
  });

  it("wide|base64offset|contains finds a UTF-16LE PowerShell -EncodedCommand at any offset", () => {
    const encoded = (script: string) => cmd(`powershell.exe -enc ${b64(script, "utf16le")}`);
    const events = [
      encoded("IEX (New-Object Net.WebClient)"),
      encoded("$a=1;IEX (New-Object Net.WebClient)"),
      encoded("Get-Date"),
    ];
    const detection = "sel:\n  CommandLine|wide|base64offset|contains: 'Net.WebClient'\ncondition: sel";
    expect(verdicts(detection, events)).toEqual([true, true, false]);
  });

  it("utf16le, utf16be and utf16 (with byte order mark) encode before base64", () => {
    const le = b64("cmd", "utf16le");
    const be = b64(Buffer.from("cmd", "utf16le").swap16().toString("latin1"), "latin1");
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("cmd", "utf16le")]).toString("base64");
    const events = [cmd(le), cmd(be), cmd(bom)];
    expect(verdicts("sel:\n  CommandLine|utf16le|base64: 'cmd'\ncondition: sel", events)).toEqual([true, false, false]);
    expect(verdicts("sel:\n  CommandLine|utf16be|base64: 'cmd'\ncondition: sel", events)).toEqual([false, true, false]);
    expect(verdicts("sel:\n  CommandLine|utf16|base64: 'cmd'\ncondition: sel", events)).toEqual([false, false, true]);
  });

  it("refuses to encode a value with wildcards", () => {
    const errors = compileErrors(processRule("sel:\n  CommandLine|base64: 'who*'\ncondition: sel"));
    expect(errors).toEqual([{ line: 8, reason: expect.stringContaining("cannot encode a value with wildcards") }]);
  });
});

describe("windash", () => {
  const events = [
    cmd("tool -exec x"),
    cmd("tool /exec x"),
    cmd("tool \u2013exec x"),
    cmd("tool \u2015exec x"),
    cmd("tool exec x"),
  ];

  it("accepts every dash form of a flag", () => {
    const detection = "sel:\n  CommandLine|windash|contains: ' -exec '\ncondition: sel";
    expect(verdicts(detection, events)).toEqual([true, true, true, true, false]);
  });

  it("only swaps dashes that start a word", () => {
    const detection = "sel:\n  CommandLine|windash|contains: 'a-b'\ncondition: sel";
    expect(verdicts(detection, [cmd("x a-b"), cmd("x a/b")])).toEqual([true, false]);
  });

  it("windash|contains|all needs every flag, each in any dash form", () => {
    const detection = "sel:\n  CommandLine|windash|contains|all:\n    - ' -a '\n    - ' -b '\ncondition: sel";
    expect(verdicts(detection, [cmd("x /a -b "), cmd("x -a /c ")])).toEqual([true, false]);
  });
});

describe("cidr", () => {
  const net = (ip: string) => processEvent({ Image: "C:\\x.exe", DestinationIp: ip });
  const events = [net("10.1.2.3"), net("192.168.1.1"), net("fd00::1"), net("2001:db8::1"), net("::ffff:10.9.9.9")];

  it("matches IPv4 and IPv6 ranges, IPv4-mapped addresses included", () => {
    const detection = "sel:\n  DestinationIp|cidr:\n    - '10.0.0.0/8'\n    - 'fc00::/7'\ncondition: sel";
    expect(verdicts(detection, events)).toEqual([true, false, true, false, true]);
  });

  it("rejects a malformed range", () => {
    const errors = compileErrors(processRule("sel:\n  DestinationIp|cidr: '10.0.0.0/33'\ncondition: sel"));
    expect(errors).toEqual([{ line: 8, reason: expect.stringContaining("invalid CIDR") }]);
  });
});

describe("exists", () => {
  const events = [processEvent({ Image: "a.exe", Description: "" }), processEvent({ Image: "a.exe" })];

  it("true needs the field, even empty", () => {
    expect(verdicts("sel:\n  Description|exists: true\ncondition: sel", events)).toEqual([true, false]);
  });

  it("false needs it absent", () => {
    expect(verdicts("sel:\n  Description|exists: false\ncondition: sel", events)).toEqual([false, true]);
  });

  it("needs a boolean", () => {
    expect(compileErrors(processRule("sel:\n  Description|exists: maybe\ncondition: sel"))).toEqual([
      { line: 8, reason: expect.stringContaining("needs true or false") },
    ]);
  });
});

describe("numeric comparisons", () => {
  const events = ["80", "443", "8080"].map((port) => processEvent({ Image: "a.exe", DestinationPort: port }));

  it("gt, gte, lt and lte compare text fields as numbers", () => {
    expect(verdicts("sel:\n  DestinationPort|gt: 443\ncondition: sel", events)).toEqual([false, false, true]);
    expect(verdicts("sel:\n  DestinationPort|gte: 443\ncondition: sel", events)).toEqual([false, true, true]);
    expect(verdicts("sel:\n  DestinationPort|lt: 443\ncondition: sel", events)).toEqual([true, false, false]);
    expect(verdicts("sel:\n  DestinationPort|lte: 443\ncondition: sel", events)).toEqual([true, true, false]);
  });

  it("a plain number equals a numeric or text field value", () => {
    expect(verdicts("sel:\n  DestinationPort: 443\ncondition: sel", events)).toEqual([false, true, false]);
    expect(verdicts("sel:\n  EventID: '1'\ncondition: sel", events)).toEqual([true, true, true]);
  });

  it("needs a number", () => {
    expect(compileErrors(processRule("sel:\n  DestinationPort|gt: high\ncondition: sel"))).toEqual([
      { line: 8, reason: expect.stringContaining("needs a number") },
    ]);
  });
});

describe("fieldref", () => {
  const events = [
    processEvent({ Image: "C:\\a\\x.exe", ParentImage: "C:\\A\\X.exe", OriginalFileName: "x.exe" }),
    processEvent({ Image: "C:\\a\\x.exe", ParentImage: "C:\\b\\y.exe", OriginalFileName: "y.exe" }),
  ];

  it("compares a field with another field of the same event", () => {
    expect(verdicts("sel:\n  Image|fieldref: ParentImage\ncondition: sel", events)).toEqual([true, false]);
  });

  it("combines with endswith", () => {
    expect(verdicts("sel:\n  Image|fieldref|endswith: OriginalFileName\ncondition: sel", events)).toEqual([
      true,
      false,
    ]);
  });

  it("is case-sensitive with cased", () => {
    expect(verdicts("sel:\n  Image|fieldref|cased: ParentImage\ncondition: sel", events)).toEqual([false, false]);
  });
});

describe("neq", () => {
  it("matches a present field whose value is none of the values", () => {
    const events = [
      processEvent({ User: "SYSTEM" }),
      processEvent({ User: "alice" }),
      processEvent({ Image: "a.exe" }),
    ];
    expect(verdicts("sel:\n  User|neq: 'system'\ncondition: sel", events)).toEqual([false, true, false]);
  });
});

describe("time parts", () => {
  it("compare one part of a date value", () => {
    const events = [processEvent({ Seen: "2026-11-23T08:15:00Z" }), processEvent({ Seen: "2026-11-23T22:15:00Z" })];
    expect(verdicts("sel:\n  Seen|hour|gte: 20\ncondition: sel", events)).toEqual([false, true]);
    expect(verdicts("sel:\n  Seen|minute: 15\ncondition: sel", events)).toEqual([true, true]);
  });
});

describe("expand", () => {
  const events = [processEvent({ User: "admin1" }), processEvent({ User: "bob" })];
  const detection = "sel:\n  User|expand: '%Administrators%'\ncondition: sel";

  it("replaces a placeholder with its configured values, wildcards included", () => {
    const placeholders = { Administrators: ["admin*", "root"] };
    expect(verdicts(detection, events, { placeholders })).toEqual([true, false]);
  });

  it("combines with contains", () => {
    const placeholders = { Administrators: ["admin1"] };
    expect(
      verdicts("sel:\n  User|contains|expand: '%Administrators%'\ncondition: sel", events, { placeholders }),
    ).toEqual([true, false]);
  });

  it("keeps an escaped percent sign literal", () => {
    const placeholders = { name: ["x"] };
    const escaped = processEvent({ CommandLine: "echo %plain x" });
    expect(
      verdicts("sel:\n  CommandLine|expand|endswith: '\\%plain %name%'\ncondition: sel", [escaped], { placeholders }),
    ).toEqual([true]);
  });

  it("matches nothing when the placeholder is configured with no values", () => {
    expect(verdicts(detection, events, { placeholders: { Administrators: [] } })).toEqual([false, false]);
  });

  it("refuses a placeholder without values", () => {
    expect(compileErrors(processRule(detection))).toEqual([
      { line: 8, reason: "placeholder '%Administrators%' has no values configured" },
    ]);
  });
});

describe("expand with cidr", () => {
  const events = [
    processEvent({ DestinationIp: "203.0.113.9" }),
    processEvent({ DestinationIp: "198.51.100.7" }),
    processEvent({ DestinationIp: "192.0.2.1" }),
  ];
  const detection = "sel:\n  DestinationIp|expand|cidr: '%deny_ips%'\ncondition: sel";

  it("matches addresses inside any network or address the placeholder stands for", () => {
    const placeholders = { deny_ips: ["203.0.113.0/24", "198.51.100.7"] };
    expect(verdicts(detection, events, { placeholders })).toEqual([true, true, false]);
  });

  it("matches nothing when the placeholder stands for no network", () => {
    expect(verdicts(detection, events, { placeholders: { deny_ips: [] } })).toEqual([false, false, false]);
  });

  it("reports a placeholder value that is not a network", () => {
    expect(compileErrors(processRule(detection), { placeholders: { deny_ips: ["10.0.0.0/8", "nope"] } })).toEqual([
      { line: 8, reason: "invalid CIDR 'nope' in 'DestinationIp|expand|cidr'" },
    ]);
  });
});

it("an unknown modifier is an error naming it, on its line", () => {
  expect(compileErrors(processRule("sel:\n  Image|endswith|bogus: 'x'\ncondition: sel"))).toEqual([
    { line: 8, reason: "unknown modifier 'bogus' in 'Image|endswith|bogus'" },
  ]);
});

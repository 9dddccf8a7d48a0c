import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import { ctx, errorOf, eventOf } from "../helpers.ts";

/** ctx.receivedAt is 2026-11-23T12:00:00Z. */
function line(message: string, extra: Record<string, unknown> = {}) {
  return normaliseRecord({ message, host: "web1", ...extra }, ctx);
}

describe("Linux auth log: sshd", () => {
  it("parses an accepted password logon with the RFC 3164 prefix", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1234]: Accepted password for alice from 203.0.113.5 port 50522 ssh2"),
    );
    expect(event).toMatchObject({
      ts: Date.UTC(2026, 10, 23, 6, 54, 7),
      host: "web1",
      source: "linux_auth",
      dataset: "linux.auth",
      eventCode: null,
      category: "authentication",
      action: "ssh_login",
      outcome: "success",
      user: "alice",
      process: "sshd",
      srcIp: "203.0.113.5",
      srcPort: 50522,
    });
    expect(event.fields).toMatchObject({
      message: "Accepted password for alice from 203.0.113.5 port 50522 ssh2",
      "log.syslog.hostname": "web1",
      "process.name": "sshd",
      "process.pid": 1234,
      "ssh.method": "password",
      user: "alice",
      "source.ip": "203.0.113.5",
      "source.port": 50522,
    });
  });

  it("parses a publickey logon from an IPv6 address and keeps the key fingerprint", () => {
    const event = eventOf(
      line(
        "Nov 23 06:54:07 web1 sshd[1234]: Accepted publickey for bob from 2001:db8::1 port 50000 ssh2: ED25519 SHA256:AbC123",
      ),
    );
    expect(event).toMatchObject({ outcome: "success", user: "bob", srcIp: "2001:db8::1", srcPort: 50000 });
    expect(event.fields).toMatchObject({ "ssh.method": "publickey", "ssh.key": "ED25519 SHA256:AbC123" });
  });

  it("parses keyboard-interactive/pam logons", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sshd[9]: Accepted keyboard-interactive/pam for carol from 10.1.1.1 port 2222 ssh2"),
    );
    expect(event.fields["ssh.method"]).toBe("keyboard-interactive/pam");
  });

  it("parses a failed password for an invalid user from IPv6 as a failure", () => {
    const event = eventOf(
      line(
        "Nov 23 06:54:07 web1 sshd[1234]: Failed password for invalid user admin from 2001:db8::dead:beef port 4242 ssh2",
      ),
    );
    expect(event).toMatchObject({
      action: "ssh_login",
      outcome: "failure",
      user: "admin",
      srcIp: "2001:db8::dead:beef",
      srcPort: 4242,
    });
    expect(event.fields).toMatchObject({ "ssh.method": "password", "ssh.invalid_user": true });
  });

  it("parses a failed password for an existing user", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1234]: Failed password for root from 198.51.100.7 port 40000 ssh2"),
    );
    expect(event).toMatchObject({ outcome: "failure", user: "root" });
    expect(event.fields["ssh.invalid_user"]).toBeUndefined();
  });

  it("parses 'Invalid user', with or without a port, and with an empty user name", () => {
    expect(eventOf(line("Nov 23 06:54:07 web1 sshd[1]: Invalid user test from 198.51.100.7 port 40000"))).toMatchObject(
      {
        action: "ssh_invalid_user",
        outcome: "failure",
        user: "test",
        srcPort: 40000,
      },
    );
    expect(eventOf(line("Nov 23 06:54:07 web1 sshd[1]: Invalid user oracle from 198.51.100.7"))).toMatchObject({
      user: "oracle",
      srcIp: "198.51.100.7",
      srcPort: null,
    });
    expect(eventOf(line("Nov 23 06:54:07 web1 sshd[1]: Invalid user  from 198.51.100.7 port 22"))).toMatchObject({
      action: "ssh_invalid_user",
      user: null,
    });
  });

  it("parses pre-auth disconnects and closed connections", () => {
    const disconnected = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1]: Disconnected from authenticating user root 2001:db8::5 port 4242 [preauth]"),
    );
    expect(disconnected).toMatchObject({ action: "ssh_disconnect", outcome: null, user: "root", srcIp: "2001:db8::5" });
    expect(disconnected.fields["ssh.preauth"]).toBe(true);

    const closedInvalid = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1]: Connection closed by invalid user bob 198.51.100.7 port 40000 [preauth]"),
    );
    expect(closedInvalid).toMatchObject({ action: "ssh_connection_closed", user: "bob", srcPort: 40000 });
    expect(closedInvalid.fields["ssh.invalid_user"]).toBe(true);

    const closed = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1]: Connection closed by 198.51.100.7 port 40000 [preauth]"),
    );
    expect(closed).toMatchObject({ action: "ssh_connection_closed", user: null, srcIp: "198.51.100.7" });

    const loggedOut = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1]: Disconnected from user alice 203.0.113.5 port 50522"),
    );
    expect(loggedOut).toMatchObject({ action: "ssh_disconnect", user: "alice" });
  });

  it("keeps a host name printed instead of an address (UseDNS) out of the IP column", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1]: Failed password for root from scanner.example port 40000 ssh2"),
    );
    expect(event.srcIp).toBeNull();
    expect(event.fields["source.address"]).toBe("scanner.example");
  });

  it("reads logon lines written by OpenSSH 9.8's sshd-session", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sshd-session[77]: Accepted password for alice from 203.0.113.5 port 1 ssh2"),
    );
    expect(event).toMatchObject({ action: "ssh_login", process: "sshd-session" });
  });

  it("keeps an unrecognised sshd message as a linux.auth event with its prefix parsed", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sshd[1234]: Received disconnect from 203.0.113.5 port 50522:11: bye"),
    );
    expect(event).toMatchObject({
      dataset: "linux.auth",
      category: "authentication",
      action: null,
      outcome: null,
      process: "sshd",
    });
    expect(event.fields).toMatchObject({
      "process.pid": 1234,
      message: "Received disconnect from 203.0.113.5 port 50522:11: bye",
    });
  });
});

describe("Linux auth log: sudo", () => {
  it("parses a sudo command as a process event", () => {
    const event = eventOf(
      line("Nov 23 06:54:07 web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u"),
    );
    expect(event).toMatchObject({
      category: "process",
      action: "sudo",
      outcome: "success",
      user: "alice",
      process: "/usr/bin/id",
      commandLine: "/usr/bin/id -u",
      parentProcess: "sudo",
    });
    expect(event.fields).toMatchObject({
      "sudo.tty": "pts/0",
      "sudo.pwd": "/home/alice",
      "sudo.target_user": "root",
      "sudo.command": "/usr/bin/id -u",
    });
    expect(event.fields["process.pid"]).toBeUndefined();
  });

  it("keeps ' ; ' inside the command and marks refused attempts as failures", () => {
    const event = eventOf(
      line(
        "Nov 23 06:54:07 web1 sudo[88]:      bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh -c id ; whoami",
      ),
    );
    expect(event).toMatchObject({ outcome: "failure", user: "bob", commandLine: "/bin/sh -c id ; whoami" });
    expect(event.fields["sudo.error"]).toBe("3 incorrect password attempts");
  });

  it("keeps other sudo messages as authentication events", () => {
    const event = eventOf(
      line(
        "Nov 23 06:54:07 web1 sudo[88]: pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)",
      ),
    );
    expect(event).toMatchObject({ category: "authentication", action: null, process: "sudo" });
  });
});

describe("Linux auth log: time and host", () => {
  it("parses RFC 3339 prefixes with their fraction and offset", () => {
    const event = eventOf(
      line(
        "2026-11-23T08:54:07.123456+02:00 web1 sshd[1234]: Accepted password for alice from 203.0.113.5 port 1 ssh2",
      ),
    );
    expect(event.ts).toBe(Date.UTC(2026, 10, 23, 6, 54, 7, 123));
    expect(event.action).toBe("ssh_login");
  });

  it("infers the year from receivedAt, taking the previous year for dates over a day ahead", () => {
    const at = (receivedAt: number, message: string) =>
      eventOf(normaliseRecord({ message, host: "h" }, { receivedAt })).ts;
    const newYear = Date.UTC(2026, 0, 1, 0, 10);
    expect(at(newYear, "Dec 31 23:59:00 h sshd[1]: x")).toBe(Date.UTC(2025, 11, 31, 23, 59));
    expect(at(newYear, "Jan  1 00:05:00 h sshd[1]: x")).toBe(Date.UTC(2026, 0, 1, 0, 5));
    const june = Date.UTC(2026, 5, 1);
    expect(at(june, "Jun  1 20:00:00 h sshd[1]: x")).toBe(Date.UTC(2026, 5, 1, 20));
    expect(at(june, "Jun  2 10:00:00 h sshd[1]: x")).toBe(Date.UTC(2025, 5, 2, 10));
  });

  it("places Feb 29 in the last leap year when the current year has none", () => {
    const ts = eventOf(
      normaliseRecord({ message: "Feb 29 10:00:00 h sshd[1]: x" }, { receivedAt: Date.UTC(2025, 2, 1) }),
    ).ts;
    expect(ts).toBe(Date.UTC(2024, 1, 29, 10));
  });

  it("rejects a line whose date does not exist", () => {
    expect(errorOf(line("Feb 30 10:00:00 web1 sshd[1]: x"))).toBe(
      "timestamp 'Feb 30 10:00:00' in field 'message' is not a date",
    );
  });

  it("prefers the shipper's @timestamp to the line's, and rejects a bad one", () => {
    const message = "Nov 23 06:54:07 web1 sshd[1]: Accepted password for alice from 203.0.113.5 port 1 ssh2";
    expect(eventOf(line(message, { "@timestamp": "2025-11-23T06:54:07.5Z" })).ts).toBe(
      Date.UTC(2025, 10, 23, 6, 54, 7, 500),
    );
    expect(errorOf(line(message, { timestamp: "nope" }))).toBe("timestamp 'nope' in field 'timestamp' is not a date");
  });

  it("takes the host from the line when the record has none", () => {
    const event = eventOf(normaliseRecord({ message: "Nov 23 06:54:07 db2 sshd[1]: x" }, ctx));
    expect(event.host).toBe("db2");
  });

  it("leaves a message without a syslog prefix to the generic adapter", () => {
    const event = eventOf(
      line("Accepted password for alice from 203.0.113.5 port 1 ssh2", { timestamp: 1_700_000_000 }),
    );
    expect(event.source).toBe("generic");
  });
});

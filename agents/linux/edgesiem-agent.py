#!/usr/bin/env python3
"""EdgeSIEM Linux agent: ships SSH logon and sudo lines of the auth log to EdgeSIEM.

Reads journald (`journalctl -o json`, cursor kept) or /var/log/auth.log / /var/log/secure (inode,
offset and a fingerprint of the bytes before the offset kept, so renames and copytruncate are
followed) and posts the lines as `{"message": "<syslog line>", "host": "<name>"}` to
/api/v1/ingest: the server is the one parser of sshd and sudo lines.

Delivery: every batch has a batch_id derived from its position and content, so a resend after a
crash or a timeout is stored once. The position is saved only after the server answered 2xx or
the batch was written to the spool; the spool is sent first on the next run. Standard
library only; Python 3.6 or later.
"""

import argparse
import errno
import fcntl
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

VERSION = "1.0.0"
DEFAULT_CONFIG = "/etc/edgesiem/agent.conf"
DEFAULT_STATE_DIR = "/var/lib/edgesiem-agent"
AUTH_LOGS = ("/var/log/auth.log", "/var/log/secure")
# The server accepts 10,000 events and 5 MB per batch; staying well below means a 413 never happens.
MAX_BATCH_EVENTS = 1000
MAX_BATCH_BYTES = 2 * 1024 * 1024
# The server rejects events over 100 KB; a longer auth line is garbage or an attack on the parser.
MAX_MESSAGE_CHARS = 32 * 1024
# A fingerprint of the bytes just before the saved offset tells a truncated-and-regrown file apart.
FINGERPRINT_BYTES = 64
# journald facilities auth (4) and authpriv (10): where sshd, sudo and PAM write.
JOURNAL_MATCHES = ("SYSLOG_FACILITY=4", "SYSLOG_FACILITY=10")

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_SPOOLED = 75  # EX_TEMPFAIL: the events are safe on disk, the server has not got them yet.

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RFC3164_PREFIX = re.compile(r"^(?:<\d{1,3}>)?([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ")
UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._:@+=-]")
UNSAFE_PROGRAM_CHARS = re.compile(r"[\s\[\]:]")


class ConfigError(Exception):
    """Bad flags, environment or config file: the run cannot start."""


class AuthRefused(Exception):
    """The server refused the token (401/403): nothing more can be sent until it is fixed."""


def log(message):
    print("edgesiem-agent: " + message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Configuration: flags override the environment, which overrides the config file.


def read_config_file(path):
    """KEY=VALUE lines (the format systemd's EnvironmentFile reads too); # starts a comment."""
    values = {}
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return values
    except OSError as error:
        raise ConfigError("cannot read config file {}: {}".format(path, error.strerror))
    if mode & 0o004:
        log("warning: {} is world-readable and holds the agent token; chmod 600 it".format(path))
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):]
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError("{} line {}: expected KEY=VALUE".format(path, number))
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="edgesiem-agent",
        description="Ship SSH logon and sudo lines of the auth log to EdgeSIEM.",
        epilog="Settings also come from EDGESIEM_* environment variables and the config file "
        "(KEY=VALUE lines with the same names); flags win over both.",
    )
    parser.add_argument("--config", help="config file (default: $EDGESIEM_CONFIG or " + DEFAULT_CONFIG + ")")
    parser.add_argument("--url", help="EdgeSIEM origin, e.g. https://siem.example.org (EDGESIEM_URL)")
    parser.add_argument("--token", help="agent token (EDGESIEM_TOKEN); prefer the environment or config file")
    parser.add_argument(
        "--source",
        choices=("auto", "journald", "file"),
        help="where to read: journald, a log file, or auto (journald when it runs, else auth.log/secure) "
        "(EDGESIEM_SOURCE, default auto)",
    )
    parser.add_argument("--log-file", help="log file to follow with --source file (EDGESIEM_LOG_FILE)")
    parser.add_argument("--state-dir", help="position, spool and lock (EDGESIEM_STATE_DIR, default " + DEFAULT_STATE_DIR + ")")
    parser.add_argument("--host", help="host name to report (EDGESIEM_HOST, default this machine's)")
    parser.add_argument("--insecure", action="store_true", default=None,
                        help="do not check the server's TLS certificate (lab servers only; EDGESIEM_INSECURE=1)")
    parser.add_argument("--ca-file", help="trust this CA bundle for the server's certificate (EDGESIEM_CA_FILE)")
    parser.add_argument("--once", action="store_true", help="run one pass and exit (for the systemd timer and cron)")
    parser.add_argument("--interval", type=float, default=None,
                        help="seconds between passes when not --once (EDGESIEM_INTERVAL, default 60)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the events that would be sent as NDJSON; send nothing, change nothing")
    parser.add_argument("--retries", type=int, default=None,
                        help="resends of a batch before it is spooled (EDGESIEM_RETRIES, default 4)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per request (default 30)")
    parser.add_argument("--max-spool-mb", type=float, default=None,
                        help="stop reading while the spool holds this much (EDGESIEM_MAX_SPOOL_MB, default 256)")
    parser.add_argument("--version", action="version", version="edgesiem-agent " + VERSION)
    return parser.parse_args(argv)


def build_settings(args, environ):
    config_path = args.config or environ.get("EDGESIEM_CONFIG") or DEFAULT_CONFIG
    if args.config and not os.path.exists(args.config):
        raise ConfigError("config file {} does not exist".format(args.config))
    file_values = read_config_file(config_path)

    def pick(flag, name, default=None):
        if flag is not None:
            return flag
        if environ.get(name) not in (None, ""):
            return environ[name]
        return file_values.get(name, default)

    def number(flag, name, default, kind):
        value = pick(flag, name, default)
        try:
            result = kind(value)
        except (TypeError, ValueError):
            raise ConfigError("{} must be a number, not {!r}".format(name, value))
        if result < 0:
            raise ConfigError("{} must not be negative".format(name))
        return result

    settings = {
        "url": (pick(args.url, "EDGESIEM_URL") or "").rstrip("/"),
        "token": pick(args.token, "EDGESIEM_TOKEN") or "",
        "source": pick(args.source, "EDGESIEM_SOURCE", "auto"),
        "log_file": pick(args.log_file, "EDGESIEM_LOG_FILE"),
        "state_dir": pick(args.state_dir, "EDGESIEM_STATE_DIR", DEFAULT_STATE_DIR),
        "host": pick(args.host, "EDGESIEM_HOST") or socket.gethostname(),
        "insecure": truthy(pick(args.insecure, "EDGESIEM_INSECURE", "0")),
        "ca_file": pick(args.ca_file, "EDGESIEM_CA_FILE"),
        "interval": number(args.interval, "EDGESIEM_INTERVAL", 60, float),
        "retries": number(args.retries, "EDGESIEM_RETRIES", 4, int),
        "timeout": number(args.timeout, "EDGESIEM_TIMEOUT", 30, float),
        "max_spool_bytes": number(args.max_spool_mb, "EDGESIEM_MAX_SPOOL_MB", 256, float) * 1024 * 1024,
        "once": args.once,
        "dry_run": args.dry_run,
    }
    if settings["source"] not in ("auto", "journald", "file"):
        raise ConfigError("EDGESIEM_SOURCE must be auto, journald or file, not {!r}".format(settings["source"]))
    if not settings["dry_run"]:
        if not re.match(r"^https?://[^/\s]+", settings["url"]):
            raise ConfigError("set the server with --url or EDGESIEM_URL (http:// or https:// origin)")
        if not settings["token"]:
            raise ConfigError("set the agent token with EDGESIEM_TOKEN, the config file or --token")
        if settings["url"].startswith("http://") and not is_loopback_url(settings["url"]):
            log("warning: {} is plain HTTP: the token and the events cross the network unencrypted".format(settings["url"]))
    return settings


def is_loopback_url(url):
    host = url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "127.0.0.1", "::1")


# ---------------------------------------------------------------------------------------------
# Records: what the server receives for one line.


def local_timestamp(line, now):
    """ISO UTC time of an RFC 3164 line ("Nov 23 06:54:07 ..."), read in this host's zone.

    Those stamps carry neither year nor zone; the host that wrote them knows its zone, the server
    does not, so the agent adds `@timestamp`. A date more than a day ahead is last year's (a
    December line read in January). None when the line has another or no stamp.
    """
    match = RFC3164_PREFIX.match(line)
    if not match or match.group(1) not in MONTHS:
        return None
    month = MONTHS.index(match.group(1)) + 1
    day, hour, minute, second = (int(part) for part in match.group(2, 3, 4, 5))
    year = time.localtime(now).tm_year
    for candidate in (year, year - 1):
        try:
            epoch = time.mktime((candidate, month, day, hour, minute, second, 0, 0, -1))
        except (OverflowError, ValueError):
            return None
        if time.localtime(epoch)[:3] != (candidate, month, day):
            return None  # Feb 30 and the like: let the server refuse it by name.
        if epoch <= now + 86400:
            return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def line_record(line, host, now):
    record = {"message": line[:MAX_MESSAGE_CHARS], "host": host}
    stamp = local_timestamp(line, now)
    if stamp is not None:
        record["@timestamp"] = stamp
    return record


def journal_text(value):
    """journald gives non-UTF-8 or binary fields as a list of byte values."""
    if isinstance(value, list):
        return bytes(value).decode("utf-8", "replace")
    return "" if value is None else str(value)


def journal_line(entry):
    """A journald entry as the syslog line rsyslog would have written, with an RFC 3339 stamp."""
    micros = int(journal_text(entry.get("__REALTIME_TIMESTAMP")) or 0)
    stamp = datetime.fromtimestamp(micros / 1e6, timezone.utc).isoformat(timespec="microseconds")
    host = journal_text(entry.get("_HOSTNAME")) or "-"
    program = journal_text(entry.get("SYSLOG_IDENTIFIER") or entry.get("_COMM")) or "unknown"
    program = UNSAFE_PROGRAM_CHARS.sub("_", program)
    pid = journal_text(entry.get("SYSLOG_PID") or entry.get("_PID"))
    tag = "{}[{}]".format(program, pid) if pid.isdigit() else program
    return "{} {} {}: {}".format(stamp, host, tag, journal_text(entry.get("MESSAGE")))


def batch_id(host, origin, events_json):
    """Same position and content, same id: a batch read again after a crash is a resend."""
    digest = hashlib.sha256((origin + "\n" + events_json).encode("utf-8")).hexdigest()[:32]
    return "{}-{}".format(UNSAFE_ID_CHARS.sub("_", host)[:64], digest)


def batch_body(host, origin, records):
    events_json = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    identifier = batch_id(host, origin, events_json)
    text = '{"batch_id":' + json.dumps(identifier) + ',"events":' + events_json + "}"
    return identifier, text.encode("utf-8")


class Batch:
    """Records read from one position up to `position`, the state to save once they are safe."""

    def __init__(self, origin, records, position):
        self.origin = origin
        self.records = records
        self.position = position


class Batcher:
    """Cuts a stream of (record, position) into batches of bounded count and size."""

    def __init__(self, first_origin):
        self.origin = first_origin
        self.records = []
        self.size = 0
        self.position = None

    def add(self, record, position, next_origin):
        self.records.append(record)
        self.size += len(json.dumps(record, ensure_ascii=False)) + 1
        self.position = position
        if len(self.records) >= MAX_BATCH_EVENTS or self.size >= MAX_BATCH_BYTES:
            return self.cut(next_origin)
        return None

    def cut(self, next_origin):
        if not self.records:
            return None
        batch = Batch(self.origin, self.records, self.position)
        self.origin, self.records, self.size, self.position = next_origin, [], 0, None
        return batch


# ---------------------------------------------------------------------------------------------
# Sources. Each yields batches; each batch's position is saved once the batch is delivered or spooled.


def fingerprint(handle, offset):
    start = max(0, offset - FINGERPRINT_BYTES)
    handle.seek(start)
    return hashlib.sha256(handle.read(offset - start)).hexdigest()


def find_rotated(path, inode):
    """The file `path` was renamed to (auth.log.1, secure-20261123), found by its inode."""
    directory, name = os.path.split(path)
    try:
        siblings = sorted(os.listdir(directory or "."))
    except OSError:
        return None
    for sibling in siblings:
        if sibling == name or not sibling.startswith(name):
            continue
        candidate = os.path.join(directory, sibling)
        try:
            if os.stat(candidate).st_ino == inode:
                return candidate
        except OSError:
            continue
    return None


def file_segments(path, saved):
    """(path, inode, start offset, is_live) of what is left to read, oldest first."""
    current = os.stat(path)
    if not saved or saved.get("path") != path:
        return [(path, current.st_ino, 0, True)]
    if saved.get("inode") == current.st_ino:
        offset = saved.get("offset", 0)
        if current.st_size < offset:
            log("{} shrank below the saved offset (copytruncate): reading it from the start".format(path))
            return [(path, current.st_ino, 0, True)]
        with open(path, "rb") as handle:
            if saved.get("fingerprint") != fingerprint(handle, offset):
                log("{} was truncated and written again: reading it from the start".format(path))
                return [(path, current.st_ino, 0, True)]
        return [(path, current.st_ino, offset, True)]
    segments = []
    rotated = find_rotated(path, saved.get("inode"))
    if rotated is None:
        log("{} was rotated and the old file is gone (compressed or deleted): its unread tail is lost".format(path))
    else:
        segments.append((rotated, saved.get("inode"), saved.get("offset", 0), False))
    segments.append((path, current.st_ino, 0, True))
    return segments


def file_batches(path, saved, host, now):
    for segment_path, inode, start, is_live in file_segments(path, saved):
        with open(segment_path, "rb") as handle:
            if os.fstat(handle.fileno()).st_ino != inode:
                # Rotated between stat and open: the next run sees the new layout.
                return
            handle.seek(start)
            offset = start
            batcher = Batcher("file:{}:{}".format(inode, offset))
            for raw in handle:
                # The live file's last line may still be being written; a rotated file is complete.
                if not raw.endswith(b"\n") and is_live:
                    break
                offset += len(raw)
                line = raw.rstrip(b"\r\n").decode("utf-8", "replace")
                if not line.strip():
                    continue
                position = {"path": path, "inode": inode, "offset": offset}
                batch = batcher.add(line_record(line, host, now), position, "file:{}:{}".format(inode, offset))
                if batch:
                    yield with_fingerprint(batch, handle)
            batch = batcher.cut(None)
            if batch:
                yield with_fingerprint(batch, handle)
            elif offset != start or not is_live:
                # Nothing to send but the position moved (blank lines, or the end of a rotated file).
                yield with_fingerprint(Batch(None, [], {"path": path, "inode": inode, "offset": offset}), handle)


def with_fingerprint(batch, handle):
    """Reads back through the open handle, then returns to where the line loop was."""
    resume = handle.tell()
    batch.position["fingerprint"] = fingerprint(handle, batch.position["offset"])
    handle.seek(resume)
    return batch


def journal_command(cursor):
    command = ["journalctl", "-o", "json", "--no-pager", "-q"]
    command += ["--after-cursor=" + cursor] if cursor else ["--since=-24h"]
    return command + list(JOURNAL_MATCHES)


def journal_batches(saved, host):
    cursor = (saved or {}).get("cursor")
    process = subprocess.Popen(journal_command(cursor), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    batcher = Batcher("journal:" + (cursor or ""))
    try:
        for raw in process.stdout:
            try:
                entry = json.loads(raw)
            except ValueError:
                continue
            entry_cursor = journal_text(entry.get("__CURSOR"))
            record = {"message": journal_line(entry)[:MAX_MESSAGE_CHARS], "host": host}
            batch = batcher.add(record, {"cursor": entry_cursor}, "journal:" + entry_cursor)
            if batch:
                yield batch
        batch = batcher.cut(None)
        if batch:
            yield batch
    finally:
        process.stdout.close()
        stderr = process.stderr.read().decode("utf-8", "replace").strip()
        process.stderr.close()
        if process.wait() not in (0, -signal.SIGPIPE) and stderr:
            log("journalctl: " + stderr)


def journald_running():
    return shutil.which("journalctl") is not None and os.path.isdir("/run/systemd/journal")


def choose_source(settings):
    """("file", path) or ("journald", None)."""
    if settings["source"] == "file" or (settings["source"] == "auto" and settings["log_file"]):
        path = settings["log_file"] or next((p for p in AUTH_LOGS if os.path.exists(p)), None)
        if path is None:
            raise ConfigError("no log file: give --log-file (none of {} exists)".format(", ".join(AUTH_LOGS)))
        if not os.path.isfile(path):
            raise ConfigError("log file {} does not exist".format(path))
        return "file", os.path.abspath(path)
    if settings["source"] == "journald" or journald_running():
        if shutil.which("journalctl") is None:
            raise ConfigError("--source journald needs journalctl on the PATH")
        return "journald", None
    path = next((p for p in AUTH_LOGS if os.path.exists(p)), None)
    if path is None:
        raise ConfigError("journald is not running and none of {} exists; give --log-file".format(", ".join(AUTH_LOGS)))
    return "file", path


# ---------------------------------------------------------------------------------------------
# Sending.

DELIVERED, TRANSIENT, PERMANENT = "delivered", "transient", "permanent"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Sender:
    def __init__(self, settings):
        self.endpoint = settings["url"] + "/api/v1/ingest"
        self.token = settings["token"]
        self.retries = settings["retries"]
        self.timeout = settings["timeout"]
        context = ssl.create_default_context(cafile=settings["ca_file"] or None)
        if settings["insecure"]:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        # urllib would follow a redirect of the POST as a GET without the body; it is reported instead.
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect())

    def post(self, body):
        """One attempt: (outcome, detail)."""
        request = urllib.request.Request(
            self.endpoint,
            data=gzip.compress(body),
            method="POST",
            headers={
                "Authorization": "Bearer " + self.token,
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                "User-Agent": "edgesiem-agent/" + VERSION,
            },
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return DELIVERED, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            detail = "HTTP {} {}".format(error.code, error.read().decode("utf-8", "replace")[:500])
            if error.code in (401, 403):
                raise AuthRefused(detail)
            if 300 <= error.code < 400:
                return TRANSIENT, "the server redirects to {}: set the URL to that origin".format(
                    error.headers.get("Location"))
            if error.code in (408, 429) or error.code >= 500:
                return TRANSIENT, detail
            return PERMANENT, detail
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if "CERTIFICATE_VERIFY_FAILED" in str(reason):
                return TRANSIENT, "TLS certificate not trusted ({}); use --ca-file, or --insecure for a lab".format(reason)
            return TRANSIENT, str(reason)

    def send(self, body):
        """Up to 1 + retries attempts with exponential back-off and jitter."""
        for attempt in range(self.retries + 1):
            outcome, detail = self.post(body)
            if outcome != TRANSIENT or attempt == self.retries:
                return outcome, detail
            delay = min(60.0, 2.0 ** attempt) * (0.5 + random.random() / 2)
            log("send failed ({}); retrying in {:.1f} s".format(detail, delay))
            time.sleep(delay)
        return TRANSIENT, "no attempt made"


def report_answer(identifier, answer):
    try:
        parsed = json.loads(answer)
    except ValueError:
        return
    for rejection in parsed.get("rejected") or []:
        log("batch {}: server rejected event {}: {}".format(identifier, rejection.get("index"), rejection.get("error")))


# ---------------------------------------------------------------------------------------------
# State, spool and lock, all under the state dir.


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class StateDir:
    def __init__(self, root):
        self.root = root
        self.state_path = os.path.join(root, "state.json")
        self.spool = os.path.join(root, "spool")
        self.rejected = os.path.join(root, "rejected")
        self.sequence = 0

    def prepare(self):
        for directory in (self.root, self.spool, self.rejected):
            os.makedirs(directory, mode=0o700, exist_ok=True)

    def lock(self):
        """An exclusive lock for the run: a timer run and a manual one must not both send."""
        handle = open(os.path.join(self.root, "lock"), "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            handle.close()
            if error.errno in (errno.EAGAIN, errno.EACCES):
                return None
            raise
        return handle

    def load(self):
        try:
            with open(self.state_path, encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return {}
        except ValueError as error:
            raise ConfigError("state file {} is damaged ({}); move it away to start over".format(self.state_path, error))

    def save(self, state):
        write_atomically(self.state_path, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))

    def spooled(self):
        return sorted(name for name in os.listdir(self.spool) if name.endswith(".json.gz"))

    def spool_bytes(self):
        return sum(os.path.getsize(os.path.join(self.spool, name)) for name in self.spooled())

    def add_to_spool(self, identifier, body, directory=None):
        # Names sort in the order the batches were read; the spool is drained in that order.
        self.sequence += 1
        name = "{:017d}{:03d}-{}.json.gz".format(int(time.time() * 1e6), self.sequence % 1000, identifier)
        write_atomically(os.path.join(directory or self.spool, name), gzip.compress(body))

    def read_spooled(self, name):
        with gzip.open(os.path.join(self.spool, name), "rb") as handle:
            return handle.read()


# ---------------------------------------------------------------------------------------------
# One pass.


class Run:
    def __init__(self, settings, state_dir, sender):
        self.settings = settings
        self.state_dir = state_dir
        self.sender = sender
        self.server_down = False
        self.sent = 0
        self.spooled = 0

    def drain_spool(self):
        """Spooled batches go first, oldest first; the first one that still fails stops the drain."""
        for name in self.state_dir.spooled():
            body = self.state_dir.read_spooled(name)
            outcome, detail = self.sender.send(body)
            path = os.path.join(self.state_dir.spool, name)
            if outcome == DELIVERED:
                report_answer(name, detail)
                self.sent += len(json.loads(body)["events"])
                os.unlink(path)
            elif outcome == PERMANENT:
                log("spooled batch {} refused for good ({}); moved to {}".format(name, detail, self.state_dir.rejected))
                os.replace(path, os.path.join(self.state_dir.rejected, name))
            else:
                log("server unreachable ({}); {} spooled batch(es) wait for the next run".format(
                    detail, len(self.state_dir.spooled())))
                self.server_down = True
                return

    def ship(self, batch, state, key):
        """Delivers or spools one batch, then saves its position. False: stop reading (spool full)."""
        if batch.records:
            identifier, body = batch_body(self.settings["host"], batch.origin, batch.records)
            if self.server_down:
                if self.state_dir.spool_bytes() >= self.settings["max_spool_bytes"]:
                    log("spool is full; the rest stays in the log for the next run")
                    return False
                self.state_dir.add_to_spool(identifier, body)
                self.spooled += len(batch.records)
            else:
                outcome, detail = self.sender.send(body)
                if outcome == DELIVERED:
                    report_answer(identifier, detail)
                    self.sent += len(batch.records)
                elif outcome == PERMANENT:
                    log("batch {} refused for good ({}); kept in {}".format(identifier, detail, self.state_dir.rejected))
                    self.state_dir.add_to_spool(identifier, body, self.state_dir.rejected)
                else:
                    log("server unreachable ({}); spooling".format(detail))
                    self.server_down = True
                    self.state_dir.add_to_spool(identifier, body)
                    self.spooled += len(batch.records)
        state[key] = batch.position
        self.state_dir.save(state)
        return True

    def collect(self, kind, path):
        state = self.state_dir.load()
        if kind == "file":
            batches = file_batches(path, state.get("file"), self.settings["host"], time.time())
        else:
            batches = journal_batches(state.get("journald"), self.settings["host"])
        for batch in batches:
            if not self.ship(batch, state, "file" if kind == "file" else "journald"):
                break


def dry_run(settings, state_dir, kind, path):
    state = state_dir.load()
    if kind == "file":
        batches = file_batches(path, state.get("file"), settings["host"], time.time())
    else:
        batches = journal_batches(state.get("journald"), settings["host"])
    count = 0
    for batch in batches:
        for record in batch.records:
            print(json.dumps(record, ensure_ascii=False))
            count += 1
    log("dry run: {} event(s) would be sent from {}; nothing sent, no state changed".format(count, path or "journald"))
    return EXIT_OK


def one_pass(settings, kind, path):
    state_dir = StateDir(settings["state_dir"])
    if settings["dry_run"]:
        return dry_run(settings, state_dir, kind, path)
    state_dir.prepare()
    lock = state_dir.lock()
    if lock is None:
        log("another run holds the lock in {}; skipping this one".format(settings["state_dir"]))
        return EXIT_OK
    try:
        run = Run(settings, state_dir, Sender(settings))
        run.drain_spool()
        run.collect(kind, path)
        waiting = len(state_dir.spooled())
        log("sent {} event(s){}".format(
            run.sent, "; {} batch(es) in the spool".format(waiting) if waiting else ""))
        return EXIT_SPOOLED if waiting else EXIT_OK
    finally:
        lock.close()


def main(argv=None):
    try:
        settings = build_settings(parse_args(argv), os.environ)
        kind, path = choose_source(settings)
        if settings["once"] or settings["dry_run"]:
            return one_pass(settings, kind, path)
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while not stopping:
            one_pass(settings, kind, path)
            deadline = time.monotonic() + settings["interval"]
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, settings["interval"]))
        return EXIT_OK
    except ConfigError as error:
        log(str(error))
        return EXIT_USAGE
    except AuthRefused as error:
        log("the server refused the token ({}); nothing more is sent until it is replaced".format(error))
        return EXIT_AUTH
    except OSError as error:
        log("{}: {}".format(getattr(error, "filename", None) or "I/O error", error.strerror or error))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

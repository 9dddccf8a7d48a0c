/**
 * Which files in a folder or an archive are logs the import reads, by name: a folder of evidence
 * also holds READMEs, CSV exports and licences, which read as syslog lines would only be rejected.
 * A file the analyst names on its own is read whatever its name.
 */

const LOG_EXTENSIONS = /\.(evtx|json|jsonl|ndjson|log|zip|gz|tgz)$/i;
/** Syslog files by their usual names, rotated ones (`auth.log.1`, `messages-20240101`) included. */
const SYSLOG_NAMES = /^(auth|syslog|messages|secure|kern|daemon|user)(\.log)?([.-]\d+)?$/i;

export function isLogFileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return LOG_EXTENSIONS.test(name) || SYSLOG_NAMES.test(name);
}

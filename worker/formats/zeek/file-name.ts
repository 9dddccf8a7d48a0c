/**
 * The log type a Zeek log file's name gives, for files whose records do not say it (the JSON
 * writer's per-log files carry no `_path`): `conn.log`, `conn.log.gz`, a zeekctl archive's
 * `conn.00:00:00-01:00:00.log.gz`, a rotated `http.2024-01-01-00-00-00.log`. The name before the
 * first dot is the log's path as Zeek names its streams (lower-case words joined by `_`). Whether
 * the file holds Zeek's logs at all is for its content to say.
 */
const LOG_FILE = /^([a-z][a-z0-9_]*)(?:\.[^/\\]*)?\.(?:log|json|ndjson|jsonl)(?:\.gz)?$/i;

export function zeekLogTypeFromFileName(name: string): string | null {
  const base = name.split(/[/\\]/).at(-1) ?? "";
  const match = LOG_FILE.exec(base);
  return match ? (match[1] as string).toLowerCase() : null;
}

/**
 * Which webhook URLs a target may have. Notifications carry hosts, users and command lines, and
 * a Slack URL is itself a credential, so they go over HTTPS; plain HTTP is allowed only to the
 * loopback address, where nothing crosses a network (a receiver on the machine running
 * `wrangler dev`, and the tests).
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const MAX_URL_LENGTH = 2048;

/** The problem with a webhook URL, or null when it is acceptable. */
export function webhookUrlProblem(text: string): string | null {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters long`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL";
  }
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : "must use https (plain http only to localhost or 127.0.0.1: alerts carry sensitive details)";
  }
  return `must use https, not ${url.protocol.replace(/:$/, "")}`;
}

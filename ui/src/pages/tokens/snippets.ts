/**
 * How to point an agent at this server with a new token. The agents run from a checkout of the
 * repository (the server does not serve them); the curl example works from any shell today.
 * Token names are limited by the API to letters, digits, spaces and `._:@-`, and tokens are JWTs
 * (base64url and dots), so neither needs quoting beyond what the snippets do.
 */

export interface Snippet {
  id: "linux" | "windows" | "curl";
  title: string;
  note: string;
  code: string;
}

export function agentSnippets(origin: string, token: string): Snippet[] {
  return [
    {
      id: "linux",
      title: "Linux agent",
      note: "From a checkout of the EdgeSIEM repository, on the host to monitor:",
      code: `EDGESIEM_URL=${origin} EDGESIEM_TOKEN=${token} agents/linux/edgesiem-agent.sh`,
    },
    {
      id: "windows",
      title: "Windows agent",
      note: "From a checkout of the EdgeSIEM repository, in PowerShell on the host to monitor:",
      code: `.\\agents\\windows\\edgesiem-agent.ps1 -Url ${origin} -Token ${token}`,
    },
    {
      id: "curl",
      title: "Test with curl",
      note: "Sends one event from this machine's shell (bash or zsh); the host then appears on the Hosts page:",
      code: [
        `curl -sS ${origin}/api/v1/ingest \\`,
        `  -H "Authorization: Bearer ${token}" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d '{"events": [{"@timestamp": "'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'", "host": "'"$(hostname)"'", "message": "EdgeSIEM test event"}]}'`,
      ].join("\n"),
    },
  ];
}

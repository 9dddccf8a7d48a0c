/** What `npm start` and `deno task start` print once EdgeSIEM answers: where it is and how to sign in. */
export function runningBanner(url: string, vars: Record<string, string | undefined>): string {
  const password = vars.ADMIN_PASSWORD
    ? "the ADMIN_PASSWORD from .dev.vars"
    : "the password printed above on the first start";
  return `\nEdgeSIEM is running at ${url}\n  sign in as: admin, with ${password}\n  agent token: npm run token -- --name HOST\n`;
}

import { spawnSync } from "node:child_process";

/** Runs a command to completion with its output shown; exits the script when it fails. */
export function runOrExit(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, CI: "true", ...env } });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

/** Runs a command quietly; answers its output, or exits showing it when the command fails. */
export function captureOrExit(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    console.error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

/**
 * A webhook receiver for the notification tests, started by vitest's globalSetup in Node: tests in
 * workerd cannot listen on a socket, but the Worker's outbound fetch reaches 127.0.0.1. Its URL
 * is handed to the tests with `provide` (read with `inject("notifyReceiverUrl")`).
 *
 * The path says how to answer, so tests running side by side need no shared state:
 *   POST /hook/ok/<name>          200
 *   POST /hook/fail-<n>/<name>    500 for the first n requests to this path, then 200
 *   POST /hook/fail/<name>        always 500
 *   GET  /received/<path>         every request made to <path> so far, oldest first
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered with. */
  status: number;
}

function answerFor(path: string, previous: number): number {
  const match = /^\/hook\/(ok|fail|fail-(\d+))\/[^/]+$/.exec(path);
  if (!match) return 404;
  if (match[1] === "ok") return 200;
  if (match[1] === "fail") return 500;
  return previous < Number(match[2]) ? 500 : 200;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const received = new Map<string, ReceivedRequest[]>();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://receiver").pathname;
    const body = await readBody(request);
    if (request.method === "GET" && path.startsWith("/received/")) {
      reply(response, 200, received.get(path.slice("/received".length)) ?? []);
      return;
    }
    const log = received.get(path) ?? [];
    const status = answerFor(path, log.length);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers[name] = value;
    }
    log.push({ method: request.method ?? "", path, headers, body, status });
    received.set(path, log);
    reply(response, status, { status });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  project.provide("notifyReceiverUrl", `http://127.0.0.1:${port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

declare module "vitest" {
  export interface ProvidedContext {
    notifyReceiverUrl: string;
  }
}

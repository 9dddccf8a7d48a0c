/**
 * Browser-test scaffolding for the dashboard: a live Worker with the built UI, a Chromium page that
 * records script errors and dialogs, and the real API driven from Node to set up data
 * (users, agent tokens, ingested events). Run `npm run build:ui` before a browser test.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { type Browser, launchBrowser } from "./browser.ts";
import { type DevServer, startDevServer } from "./dev-server.ts";

export const ADMIN_USERNAME = "admin";
export const ADMIN_PASSWORD = "browser-test-admin-password";
const SCREENSHOT_DIR = resolve(import.meta.dirname, "../screenshots");

export type Role = "admin" | "analyst" | "viewer";

/** What went wrong in the page: script errors and any dialog (alert/confirm/prompt), which the UI never opens. */
export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

/** Records the page's script errors and dismisses and records every dialog. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on("pageerror", (error) => problems.errors.push(error.message));
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  return problems;
}

/** Saves test/screenshots/<name>.png (git-ignored) for a person to review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The JSON API from Node, signed in with a session token (Bearer) or as an agent. */
export class ApiClient {
  readonly baseUrl: string;
  readonly token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  static async signIn(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const answer = await call<{ token: string }>(baseUrl, "POST", "/api/v1/auth/login", undefined, {
      username,
      password,
    });
    return new ApiClient(baseUrl, answer.token);
  }

  /** Any /api/v1 call; a non-2xx answer throws with the API's error. */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.baseUrl, method, `/api/v1${path}`, this.token, body);
  }

  /** A user with the role, enabled, through sign-up and the admin's PATCH /users/:id. */
  async createUser(username: string, password: string, role: Role): Promise<{ id: number; username: string }> {
    const { user } = await call<{ user: { id: number } }>(this.baseUrl, "POST", "/api/v1/auth/signup", undefined, {
      username,
      password,
    });
    await this.call("PATCH", `/users/${user.id}`, { role, enabled: true });
    return { id: user.id, username };
  }

  /** A fresh agent token's secret (admin only). */
  async createAgentToken(name: string): Promise<string> {
    const { token } = await this.call<{ token: string }>("POST", "/tokens", { name });
    return token;
  }

  /** Sends records to POST /api/v1/ingest as the agent; answers the API's IngestAnswer. */
  ingest(agentToken: string, records: readonly unknown[]): Promise<IngestAnswer> {
    return call<IngestAnswer>(this.baseUrl, "POST", "/api/v1/ingest", agentToken, records);
  }
}

export interface IngestAnswer {
  batch_id: string;
  accepted: number;
  rejected: unknown[];
  status: "stored" | "queued" | "duplicate";
  alerts: number;
}

async function call<T>(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface UiSession {
  server: DevServer;
  browser: Browser;
  /** A page in the browser, not yet signed in, watched by `problems`. */
  page: Page;
  problems: PageProblems;
  /** The admin, signed in through the API (a separate session from the page's). */
  admin: ApiClient;
  url(path: string): string;
  /** Signs the page in through the sign-in form and waits for the shell. */
  signIn(username?: string, password?: string): Promise<void>;
  /** Signs the page out (clears its cookies) without going through the UI. */
  signOut(): Promise<void>;
  close(): Promise<void>;
}

export interface UiSessionOptions {
  /** Worker variables on top of ADMIN_PASSWORD (e.g. SIGNUP_MODE). */
  vars?: Record<string, string>;
  colorScheme?: "light" | "dark";
  /** A persist dir prepared beforehand (e.g. a D1 with test triggers); the caller removes it. */
  persistDir?: string;
}

/** One Worker and one browser for a test file: call in beforeAll, close() in afterAll. */
export async function startUiSession(options: UiSessionOptions = {}): Promise<UiSession> {
  const server = await startDevServer({
    vars: { ADMIN_PASSWORD, SIGNUP_MODE: "approval", ...options.vars },
    persistDir: options.persistDir,
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser({ colorScheme: options.colorScheme ?? "light" });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watchPage(page);
    const admin = await ApiClient.signIn(server.url, ADMIN_USERNAME, ADMIN_PASSWORD);
    const url = (path: string) => `${server.url}${path}`;
    const openBrowser = browser;
    return {
      server,
      browser,
      page,
      problems,
      admin,
      url,
      async signIn(username = ADMIN_USERNAME, password = ADMIN_PASSWORD) {
        await page.goto(url("/signin"));
        await page.getByLabel("Username").fill(username);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.locator(".who-name").waitFor();
      },
      async signOut() {
        await page.context().clearCookies();
      },
      async close() {
        await openBrowser.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Ingesting through the real ingest path (real D1) with a rule set compiled from inline rules. */

import { env } from "cloudflare:test";
import type { DetectionSettings } from "../../../worker/alerts/settings.ts";
import { compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import type { RuleSet } from "../../../worker/detect/types.ts";
import type { FormatName } from "../../../worker/ingest/formats.ts";
import { type IngestAnswer, ingestRecords } from "../../../worker/ingest/ingest.ts";
import type { AlertNotice } from "../../../worker/notify/types.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { openStore } from "../../../worker/store/handle.ts";
import { MINUTE, T0 } from "./alert-events.ts";
import { call } from "./api.ts";

export const WHOAMI_RULE_ID = "6f3c1a52-4e1d-4d0b-9a3e-000000000001";
export const NET_RULE_ID = "6f3c1a52-4e1d-4d0b-9a3e-000000000002";
export const FAILED_LOGON_RULE_ID = "6f3c1a52-4e1d-4d0b-9a3e-000000000003";
export const BRUTE_FORCE_RULE_ID = "6f3c1a52-4e1d-4d0b-9a3e-000000000004";

export const WHOAMI_RULE = `title: Whoami execution
id: ${WHOAMI_RULE_ID}
status: test
level: medium
tags:
  - attack.discovery
  - attack.t1033
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`;

/** Keyed by its own fields: the user, whatever the command line. */
export const NET_RULE = `title: Net group discovery
id: ${NET_RULE_ID}
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\net.exe'
  condition: selection
fields:
  - User
`;

export const BRUTE_FORCE_RULES = `title: Failed logon
id: ${FAILED_LOGON_RULE_ID}
name: failed_logon
level: low
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4625
  condition: selection
---
title: Brute force from one address
id: ${BRUTE_FORCE_RULE_ID}
level: high
correlation:
  type: event_count
  rules:
    - failed_logon
  group-by:
    - IpAddress
  timespan: 10m
  condition:
    gte: 3
`;

export function ruleSetOf(...texts: string[]): RuleSet {
  const ruleSet = compileRuleSet(
    texts.map((text, i) => ({ origin: `test-${i}.yml`, kind: "sigma" as const, text })),
    { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
  );
  if (ruleSet.errors.length > 0) throw new Error(`test rules did not compile: ${JSON.stringify(ruleSet.errors)}`);
  return ruleSet;
}

export const DEDUP_WINDOW_MS = 30 * MINUTE;

/** Detection settings with inline rules; the notices handed to notifications are collected. */
export function testSettings(ruleSet: RuleSet): DetectionSettings & { notices: AlertNotice[] } {
  const notices: AlertNotice[] = [];
  return {
    notices,
    loadRuleSet: async () => ruleSet,
    dedupWindowMs: DEDUP_WINDOW_MS,
    notify: async (alerts) => {
      notices.push(...alerts);
    },
  };
}

/** Ingests the records as one batch received at `receivedAt` (an hour after T0 unless given). */
export function ingestWith(
  settings: DetectionSettings,
  records: unknown[],
  batchId: string | null = null,
  formats?: FormatName[],
  receivedAt = T0 + 60 * MINUTE,
): Promise<IngestAnswer> {
  return ingestRecords(
    openStore(env.DB),
    env.INGEST_QUEUE,
    { records, formats, batchId, text: JSON.stringify(records), tokenId: null, receivedAt },
    settings,
  );
}

export interface AlertRowOut {
  id: number;
  rule_id: string;
  title: string;
  level: string;
  host: string | null;
  key_fields: string;
  count: number;
  first_seen: number;
  last_seen: number;
  status: string;
}

export async function storedAlerts(): Promise<AlertRowOut[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, rule_id, title, level, host, key_fields, count, first_seen, last_seen, status FROM alerts ORDER BY id",
  ).all<AlertRowOut>();
  return results;
}

/** A signed-in user with the given role (signed up, then enabled and given the role by the admin). */
export async function userWithRole(admin: string, username: string, role: "viewer" | "analyst"): Promise<string> {
  const password = "a-long-password-for-tests";
  const created = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
    method: "POST",
    json: { username, password },
  });
  await call(`/api/v1/users/${created.body.user.id}`, {
    method: "PATCH",
    token: admin,
    json: { role, enabled: true },
  });
  const login = await call<{ token: string }>("/api/v1/auth/login", { method: "POST", json: { username, password } });
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${JSON.stringify(login.body)}`);
  return login.body.token;
}

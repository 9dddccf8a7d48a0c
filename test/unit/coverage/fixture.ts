/** A small rule set and volume figures the coverage tests judge. */
import type { CoverageInput } from "../../../worker/coverage/analyse.ts";
import { coverageRules } from "../../../worker/coverage/coverage-rules.ts";
import type { SourceVolume } from "../../../worker/store/coverage.ts";
import { ruleSetOf } from "../../support/workers/alerts.ts";

export const WHOAMI = "c0000000-0000-4000-8000-000000000001";
export const DNS = "c0000000-0000-4000-8000-000000000002";
export const FAILED_LOGON = "c0000000-0000-4000-8000-000000000003";
export const BRUTE_FORCE = "c0000000-0000-4000-8000-000000000004";

const RULES = `title: Whoami
id: ${WHOAMI}
level: medium
tags: [attack.discovery, attack.t1033]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
---
title: Suspicious DNS
id: ${DNS}
level: high
tags: [attack.command_and_control, attack.t1071.004]
logsource: {product: windows, category: dns_query}
detection:
  selection:
    QueryName|endswith: '.evil'
  condition: selection
---
title: Failed logon
id: ${FAILED_LOGON}
name: failed_logon
level: low
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: 4625
  condition: selection
---
title: Brute force
id: ${BRUTE_FORCE}
level: high
tags: [attack.credential_access, attack.t1110]
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [IpAddress]
  timespan: 10m
  condition: {gte: 3}
`;

export const ruleSet = ruleSetOf(RULES);

export function volume(dataset: string, eventCode: string | null, events: number, bytes: number): SourceVolume {
  return { dataset, eventCode, events, bytes, hosts: 1 };
}

/** Seven days: process creations and failed logons arrive, DNS queries do not; linux.auth feeds nothing. */
export function fixtureInput(overrides: Partial<CoverageInput> = {}): CoverageInput {
  return {
    rules: coverageRules(ruleSet),
    disabledTechniques: new Map([["T1003", ["credential-access"]]]),
    volumes: [
      volume("windows.sysmon_operational", "1", 700, 7_000_000),
      volume("windows.security", "4625", 70, 70_000),
      volume("linux.auth", null, 1400, 2_930_000),
    ],
    alerts: new Map([[WHOAMI, 3]]),
    days: 7,
    ...overrides,
  };
}

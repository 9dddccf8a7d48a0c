import type { Coverage, DroppedSource, WhatIf } from "../../../worker/model/wire/coverage.ts";

export type {
  Coverage,
  CoverageRule,
  CoverageSource,
  CoverageTechnique,
  DroppedSource,
  TechniqueStatus,
  WhatIf,
} from "../../../worker/model/wire/coverage.ts";

import { queryString, request } from "./client";

export const AGENT_CONFIGS = [
  { agent: "sysmon", label: "Sysmon config", file: "sysmonconfig.xml" },
  { agent: "windows", label: "Windows agent", file: "agent.json" },
  { agent: "linux", label: "Linux agent", file: "agent.conf" },
] as const;

type Opts = { signal?: AbortSignal };

export const coverageApi = {
  get: (days: number, opts?: Opts) => request<Coverage>("GET", `/coverage${queryString({ days })}`, undefined, opts),
  whatIf: (days: number, drop: readonly DroppedSource[], opts?: Opts) =>
    request<WhatIf>("POST", `/coverage/what-if${queryString({ days })}`, { drop }, opts),
  /** A same-origin link: the browser downloads it with the session cookie. */
  agentConfigUrl: (agent: (typeof AGENT_CONFIGS)[number]["agent"]) =>
    `/api/v1/coverage/agent-config${queryString({ agent })}`,
};

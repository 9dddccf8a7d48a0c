/**
 * tsc's proof that the routes answer the wire types ui/src/api reads: each line compares what a route's
 * handlers pass to `c.json` (Hono records it in the route's type) with the wire type, both as JSON, and
 * fails when either has a field the other lacks or types one differently. Nothing imports this module;
 * `tsc -p tsconfig.json` checks it. A failing line names the endpoint: compare the two types it names.
 * Every JSON endpoint the dashboard calls is listed; the ingest endpoints answer agents, not the UI.
 */
import type { ExtractSchema } from "hono/types";
import type { ClientErrorStatusCode, ServerErrorStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import type {
  AlertAnswer,
  AlertBulkAnswer,
  AlertContext,
  AlertExceptionAnswer,
  AlertPage,
} from "../model/wire/alerts.ts";
import type { AuditPage } from "../model/wire/audit.ts";
import type {
  CurrentUser,
  Health,
  PasswordChanged,
  SignedIn,
  SignedOut,
  SignedUp,
  SsoMethods,
} from "../model/wire/auth.ts";
import type { Coverage, WhatIf } from "../model/wire/coverage.ts";
import type {
  DeadLetterAnswer,
  DeadLetterDetail,
  DeadLetterList,
  DeadLetterReplayed,
  ReplayAllResult,
} from "../model/wire/dead-letters.ts";
import type { EventAnswer, EventPage, EventStats } from "../model/wire/events.ts";
import type { ExceptionAnswer, ExceptionList } from "../model/wire/exceptions.ts";
import type { HostList } from "../model/wire/hosts.ts";
import type { ImportAnswer, ImportList } from "../model/wire/imports.ts";
import type { IpListAnswer, IpListImported, IpListList } from "../model/wire/ip-lists.ts";
import type { TargetAnswer, TargetList, TargetRemoved, TargetTestQueued } from "../model/wire/notifications.ts";
import type { Overview } from "../model/wire/overview.ts";
import type {
  BacktestAnswer,
  NoisyRules,
  ReleaseApplied,
  ReleasePreview,
  RuleChanged,
  RuleCreated,
  RuleDetail,
  RuleErrors,
  RuleList,
  RuleNoise,
  RulePackChanged,
  RulePackList,
  RuleRemoved,
  RuleTestResult,
} from "../model/wire/rules.ts";
import type { ArchivedDays, RestoreAnswer, Storage } from "../model/wire/storage.ts";
import type { SubmissionPage } from "../model/wire/submissions.ts";
import type { TokenCreated, TokenList, TokenRevoked } from "../model/wire/tokens.ts";
import type { PasswordReset, UserAnswer, UserList } from "../model/wire/users.ts";
import type { alertRoutes } from "./routes/alerts.ts";
import type { archiveRoutes } from "./routes/archives.ts";
import type { auditRoutes } from "./routes/audit.ts";
import type { authRoutes } from "./routes/auth.ts";
import type { coverageRoutes } from "./routes/coverage.ts";
import type { deadLetterRoutes } from "./routes/dead-letters.ts";
import type { eventRoutes } from "./routes/events.ts";
import type { exceptionRoutes } from "./routes/exceptions.ts";
import type { healthRoutes } from "./routes/health.ts";
import type { hostRoutes } from "./routes/hosts.ts";
import type { importRoutes } from "./routes/imports.ts";
import type { ipListRoutes } from "./routes/ip-lists.ts";
import type { notificationRoutes } from "./routes/notifications.ts";
import type { overviewRoutes } from "./routes/overview.ts";
import type { rulePackRoutes } from "./routes/rule-packs.ts";
import type { ruleReleaseRoutes } from "./routes/rule-releases.ts";
import type { ruleRoutes } from "./routes/rules.ts";
import type { storageRoutes } from "./routes/storage.ts";
import type { submissionRoutes } from "./routes/submissions.ts";
import type { tokenRoutes } from "./routes/tokens.ts";
import type { userRoutes } from "./routes/users.ts";

/** What a route's handlers answer with `c.json`, leaving out the error answers (their shape is `{error}`). */
type Answer<Routes, Path extends keyof ExtractSchema<Routes>, Method extends keyof ExtractSchema<Routes>[Path]> =
  Exclude<ExtractSchema<Routes>[Path][Method], { status: ClientErrorStatusCode | ServerErrorStatusCode }> extends {
    output: infer Output;
  }
    ? Output
    : never;

type Same<Actual, Wire> = [Actual] extends [JSONParsed<Wire>]
  ? [JSONParsed<Wire>] extends [Actual]
    ? true
    : false
  : false;

type Proved<Check extends true> = Check;

export type WireContract = [
  Proved<Same<Answer<typeof alertRoutes, "/", "$get">, AlertPage>>,
  Proved<Same<Answer<typeof alertRoutes, "/", "$patch">, AlertBulkAnswer>>,
  Proved<Same<Answer<typeof alertRoutes, "/:id", "$get">, AlertAnswer>>,
  Proved<Same<Answer<typeof alertRoutes, "/:id", "$patch">, AlertAnswer>>,
  Proved<Same<Answer<typeof alertRoutes, "/:id/context", "$get">, AlertContext>>,
  Proved<Same<Answer<typeof alertRoutes, "/:id/exceptions", "$post">, AlertExceptionAnswer>>,
  Proved<Same<Answer<typeof auditRoutes, "/", "$get">, AuditPage>>,
  Proved<Same<Answer<typeof authRoutes, "/login", "$post">, SignedIn>>,
  Proved<Same<Answer<typeof authRoutes, "/logout", "$post">, SignedOut>>,
  Proved<Same<Answer<typeof authRoutes, "/me", "$get">, CurrentUser>>,
  Proved<Same<Answer<typeof authRoutes, "/password", "$post">, PasswordChanged>>,
  Proved<Same<Answer<typeof authRoutes, "/sso", "$get">, SsoMethods>>,
  Proved<Same<Answer<typeof authRoutes, "/sso", "$post">, SignedIn>>,
  Proved<Same<Answer<typeof authRoutes, "/signup", "$post">, SignedUp>>,
  Proved<Same<Answer<typeof coverageRoutes, "/", "$get">, Coverage>>,
  Proved<Same<Answer<typeof coverageRoutes, "/what-if", "$post">, WhatIf>>,
  Proved<Same<Answer<typeof healthRoutes, "/", "$get">, Health>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/", "$get">, DeadLetterList>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/:id", "$get">, DeadLetterDetail>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/:id/replay", "$post">, DeadLetterReplayed>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/replay", "$post">, ReplayAllResult>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/:id/discard", "$post">, DeadLetterAnswer>>,
  Proved<Same<Answer<typeof eventRoutes, "/", "$get">, EventPage>>,
  Proved<Same<Answer<typeof eventRoutes, "/stats", "$get">, EventStats>>,
  Proved<Same<Answer<typeof eventRoutes, "/:id", "$get">, EventAnswer>>,
  Proved<Same<Answer<typeof exceptionRoutes, "/", "$get">, ExceptionList>>,
  Proved<Same<Answer<typeof exceptionRoutes, "/", "$post">, ExceptionAnswer>>,
  Proved<Same<Answer<typeof hostRoutes, "/", "$get">, HostList>>,
  Proved<Same<Answer<typeof importRoutes, "/", "$get">, ImportList>>,
  Proved<Same<Answer<typeof importRoutes, "/:id", "$get">, ImportAnswer>>,
  Proved<Same<Answer<typeof importRoutes, "/", "$post">, ImportAnswer>>,
  Proved<Same<Answer<typeof importRoutes, "/:id/finish", "$post">, ImportAnswer>>,
  Proved<Same<Answer<typeof ipListRoutes, "/", "$get">, IpListList>>,
  Proved<Same<Answer<typeof ipListRoutes, "/", "$post">, IpListAnswer>>,
  Proved<Same<Answer<typeof ipListRoutes, "/:id", "$patch">, IpListAnswer>>,
  Proved<Same<Answer<typeof ipListRoutes, "/:id/import", "$post">, IpListImported>>,
  Proved<Same<Answer<typeof notificationRoutes, "/targets", "$get">, TargetList>>,
  Proved<Same<Answer<typeof notificationRoutes, "/targets", "$post">, TargetAnswer>>,
  Proved<Same<Answer<typeof notificationRoutes, "/targets/:id", "$patch">, TargetAnswer>>,
  Proved<Same<Answer<typeof notificationRoutes, "/targets/:id", "$delete">, TargetRemoved>>,
  Proved<Same<Answer<typeof notificationRoutes, "/targets/:id/test", "$post">, TargetTestQueued>>,
  Proved<Same<Answer<typeof overviewRoutes, "/", "$get">, Overview>>,
  Proved<Same<Answer<typeof rulePackRoutes, "/", "$get">, RulePackList>>,
  Proved<Same<Answer<typeof rulePackRoutes, "/:pack/enable", "$post">, RulePackChanged>>,
  Proved<Same<Answer<typeof rulePackRoutes, "/:pack/disable", "$post">, RulePackChanged>>,
  Proved<Same<Answer<typeof ruleReleaseRoutes, "/preview", "$post">, ReleasePreview>>,
  Proved<Same<Answer<typeof ruleReleaseRoutes, "/", "$post">, ReleaseApplied>>,
  Proved<Same<Answer<typeof ruleReleaseRoutes, "/current", "$delete">, ReleaseApplied>>,
  Proved<Same<Answer<typeof ruleRoutes, "/", "$get">, RuleList>>,
  Proved<Same<Answer<typeof ruleRoutes, "/errors", "$get">, RuleErrors>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id", "$get">, RuleDetail>>,
  Proved<Same<Answer<typeof ruleRoutes, "/", "$post">, RuleCreated>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id", "$put">, RuleChanged>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id/enable", "$post">, RuleChanged>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id/disable", "$post">, RuleChanged>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id", "$delete">, RuleRemoved>>,
  Proved<Same<Answer<typeof ruleRoutes, "/test", "$post">, RuleTestResult>>,
  Proved<Same<Answer<typeof ruleRoutes, "/backtest", "$post">, BacktestAnswer>>,
  Proved<Same<Answer<typeof ruleRoutes, "/noisy", "$get">, NoisyRules>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id/noise", "$get">, RuleNoise>>,
  Proved<Same<Answer<typeof archiveRoutes, "/", "$get">, ArchivedDays>>,
  Proved<Same<Answer<typeof archiveRoutes, "/:day/restore", "$post">, RestoreAnswer>>,
  Proved<Same<Answer<typeof storageRoutes, "/", "$get">, Storage>>,
  Proved<Same<Answer<typeof submissionRoutes, "/", "$get">, SubmissionPage>>,
  Proved<Same<Answer<typeof tokenRoutes, "/", "$get">, TokenList>>,
  Proved<Same<Answer<typeof tokenRoutes, "/", "$post">, TokenCreated>>,
  Proved<Same<Answer<typeof tokenRoutes, "/:id", "$delete">, TokenRevoked>>,
  Proved<Same<Answer<typeof userRoutes, "/", "$get">, UserList>>,
  Proved<Same<Answer<typeof userRoutes, "/:id", "$patch">, UserAnswer>>,
  Proved<Same<Answer<typeof userRoutes, "/:id/password-reset", "$post">, PasswordReset>>,
];

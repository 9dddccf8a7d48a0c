/**
 * tsc's proof that the routes answer the wire types ui/src/api reads: each line compares what a route's
 * handlers pass to `c.json` (Hono records it in the route's type) with the wire type, both as JSON, and
 * fails when either has a field the other lacks or types one differently. Nothing imports this module;
 * `tsc -p tsconfig.json` checks it. A failing line names the endpoint: compare the two types it names.
 * Not yet listed, because their handlers still answer a shape that differs from the wire type (a literal
 * widened to string, a field the dashboard does not declare): GET and PATCH /alerts/:id, POST /auth/login,
 * GET /auth/me, POST /auth/signup, GET /coverage, POST /coverage/what-if, GET /dead-letters/:id, GET /storage.
 */
import type { ExtractSchema } from "hono/types";
import type { ClientErrorStatusCode, ServerErrorStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import type { alertRoutes } from "../routes/alerts.ts";
import type { archiveRoutes } from "../routes/archives.ts";
import type { auditRoutes } from "../routes/audit.ts";
import type { authRoutes } from "../routes/auth.ts";
import type { deadLetterRoutes } from "../routes/dead-letters.ts";
import type { eventRoutes } from "../routes/events.ts";
import type { exceptionRoutes } from "../routes/exceptions.ts";
import type { healthRoutes } from "../routes/health.ts";
import type { hostRoutes } from "../routes/hosts.ts";
import type { ipListRoutes } from "../routes/ip-lists.ts";
import type { notificationRoutes } from "../routes/notifications.ts";
import type { overviewRoutes } from "../routes/overview.ts";
import type { ruleRoutes } from "../routes/rules.ts";
import type { submissionRoutes } from "../routes/submissions.ts";
import type { tokenRoutes } from "../routes/tokens.ts";
import type { userRoutes } from "../routes/users.ts";
import type { AlertBulkAnswer, AlertContext, AlertExceptionAnswer, AlertPage } from "./alerts.ts";
import type { AuditPage } from "./audit.ts";
import type { Health, SignedOut } from "./auth.ts";
import type { DeadLetterAnswer, DeadLetterList, DeadLetterReplayed, ReplayAllResult } from "./dead-letters.ts";
import type { EventAnswer, EventPage, EventStats } from "./events.ts";
import type { ExceptionAnswer, ExceptionList } from "./exceptions.ts";
import type { HostList } from "./hosts.ts";
import type { IpListAnswer, IpListImported, IpListList } from "./ip-lists.ts";
import type { TargetAnswer, TargetList, TargetRemoved, TargetTestQueued } from "./notifications.ts";
import type { Overview } from "./overview.ts";
import type {
  RuleChanged,
  RuleCreated,
  RuleDetail,
  RuleErrors,
  RuleList,
  RuleRemoved,
  RuleTestResult,
} from "./rules.ts";
import type { ArchivedDays, RestoreAnswer } from "./storage.ts";
import type { SubmissionPage } from "./submissions.ts";
import type { TokenCreated, TokenList, TokenRevoked } from "./tokens.ts";
import type { UserAnswer, UserList } from "./users.ts";

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
  Proved<Same<Answer<typeof alertRoutes, "/:id/context", "$get">, AlertContext>>,
  Proved<Same<Answer<typeof alertRoutes, "/:id/exceptions", "$post">, AlertExceptionAnswer>>,
  Proved<Same<Answer<typeof auditRoutes, "/", "$get">, AuditPage>>,
  Proved<Same<Answer<typeof authRoutes, "/logout", "$post">, SignedOut>>,
  Proved<Same<Answer<typeof healthRoutes, "/", "$get">, Health>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/", "$get">, DeadLetterList>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/:id/replay", "$post">, DeadLetterReplayed>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/replay", "$post">, ReplayAllResult>>,
  Proved<Same<Answer<typeof deadLetterRoutes, "/:id/discard", "$post">, DeadLetterAnswer>>,
  Proved<Same<Answer<typeof eventRoutes, "/", "$get">, EventPage>>,
  Proved<Same<Answer<typeof eventRoutes, "/stats", "$get">, EventStats>>,
  Proved<Same<Answer<typeof eventRoutes, "/:id", "$get">, EventAnswer>>,
  Proved<Same<Answer<typeof exceptionRoutes, "/", "$get">, ExceptionList>>,
  Proved<Same<Answer<typeof exceptionRoutes, "/", "$post">, ExceptionAnswer>>,
  Proved<Same<Answer<typeof hostRoutes, "/", "$get">, HostList>>,
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
  Proved<Same<Answer<typeof ruleRoutes, "/", "$get">, RuleList>>,
  Proved<Same<Answer<typeof ruleRoutes, "/errors", "$get">, RuleErrors>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id", "$get">, RuleDetail>>,
  Proved<Same<Answer<typeof ruleRoutes, "/", "$post">, RuleCreated>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id", "$put">, RuleChanged>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id/enable", "$post">, RuleChanged>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id/disable", "$post">, RuleChanged>>,
  Proved<Same<Answer<typeof ruleRoutes, "/:id", "$delete">, RuleRemoved>>,
  Proved<Same<Answer<typeof ruleRoutes, "/test", "$post">, RuleTestResult>>,
  Proved<Same<Answer<typeof archiveRoutes, "/", "$get">, ArchivedDays>>,
  Proved<Same<Answer<typeof archiveRoutes, "/:day/restore", "$post">, RestoreAnswer>>,
  Proved<Same<Answer<typeof submissionRoutes, "/", "$get">, SubmissionPage>>,
  Proved<Same<Answer<typeof tokenRoutes, "/", "$get">, TokenList>>,
  Proved<Same<Answer<typeof tokenRoutes, "/", "$post">, TokenCreated>>,
  Proved<Same<Answer<typeof tokenRoutes, "/:id", "$delete">, TokenRevoked>>,
  Proved<Same<Answer<typeof userRoutes, "/", "$get">, UserList>>,
  Proved<Same<Answer<typeof userRoutes, "/:id", "$patch">, UserAnswer>>,
];

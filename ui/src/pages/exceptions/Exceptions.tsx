/** The false-positive filter (/exceptions): every exception with its hits, added by hand or removed. */
import { useMemo, useState } from "preact/hooks";
import { type AlertException, exceptionsApi } from "../../api/exceptions";
import { type RuleListEntry, rulesApi } from "../../api/rules";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, SuccessNotice } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { ConfirmDialog } from "../../components/Modal";
import { Time, WhoAndWhen } from "../../components/Time";
import { hasRole } from "../../roles";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { booleanParam, enumParam, setQueryParams, stringParam, useQueryState, useSearchParams } from "../../url-state";
import { useAction } from "../../use-action";
import { useApi } from "../../use-api";
import { ExceptionForm } from "./ExceptionForm";
import "./exceptions.css";

const qParam = stringParam();
const scopeParam = enumParam(["all", "global", "rule"] as const, "all");
const addParam = booleanParam(false);

function matchesText(exception: AlertException, title: string | undefined, q: string): boolean {
  const needle = q.toLowerCase();
  return [exception.field, exception.value, exception.comment, exception.rule_id, title, exception.created_by].some(
    (text) => text?.toLowerCase().includes(needle),
  );
}

export function Exceptions() {
  useDocumentTitle("Exceptions");
  const { user } = useSession();
  const canWrite = hasRole(user.role, "analyst");
  const params = useSearchParams();
  const [q, setQ] = useQueryState("q", qParam);
  const [scope, setScope] = useQueryState("scope", scopeParam);
  const [adding, setAdding] = useQueryState("add", addParam);
  const [removing, setRemoving] = useState<AlertException>();
  const { busy, failure, run } = useAction();
  const [notice, setNotice] = useState<string>();

  const list = useApi((signal) => exceptionsApi.list({ signal }), []);
  const exceptions = list.data?.exceptions ?? [];
  const needRules = adding || exceptions.some((e) => e.rule_id !== null);
  const rules = useApi(
    (signal) => (needRules ? rulesApi.list({}, { signal }) : Promise.resolve(undefined)),
    [needRules],
  );
  const titles = useMemo(
    () => new Map((rules.data?.rules ?? []).map((r: RuleListEntry) => [r.id, r.title ?? r.id])),
    [rules.data],
  );

  const shown = exceptions.filter(
    (e) =>
      (scope === "all" || (scope === "global") === (e.rule_id === null)) &&
      (q === "" || matchesText(e, titles.get(e.rule_id) ?? undefined, q)),
  );

  const remove = (exception: AlertException) =>
    run(async () => {
      await exceptionsApi.remove(exception.id);
      setRemoving(undefined);
      setNotice(`Removed the exception ${exception.field} = ${exception.value}.`);
      list.reload();
    });

  const columns: Column<AlertException>[] = [
    { id: "field", header: "Field", cell: (e) => <span class="mono">{e.field}</span> },
    {
      id: "value",
      header: "Value",
      cell: (e) => (
        <span class="mono cell-clip" title={e.value}>
          {e.value}
        </span>
      ),
    },
    {
      id: "scope",
      header: "Applies to",
      cell: (e) =>
        e.rule_id === null ? (
          <span class="muted">every rule</span>
        ) : (
          <Link href={`/rules/${encodeURIComponent(e.rule_id)}`} title={e.rule_id} class="cell-clip">
            {titles.get(e.rule_id) ?? e.rule_id}
          </Link>
        ),
      width: "10rem",
    },
    {
      id: "comment",
      header: "Comment",
      cell: (e) =>
        e.comment ? (
          <span class="cell-clip" title={e.comment}>
            {e.comment}
          </span>
        ) : (
          <span class="muted">—</span>
        ),
    },
    { id: "hits", header: "Hits", cell: (e) => e.hits.toLocaleString(), width: "4rem", class: "num" },
    { id: "last", header: "Last hit", cell: (e) => <Time value={e.last_hit_at} relative />, width: "7rem" },
    {
      id: "created",
      header: "Created",
      cell: (e) => <WhoAndWhen who={e.created_by} at={e.created_at} />,
      width: "7rem",
    },
  ];
  if (canWrite) {
    columns.push({
      id: "remove",
      header: <span class="visually-hidden">Remove</span>,
      cell: (e) => (
        <button
          type="button"
          class="button small"
          aria-label={`Remove exception ${e.field} = ${e.value}`}
          onClick={() => setRemoving(e)}
        >
          Remove
        </button>
      ),
    });
  }

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Exceptions</h1>
        {canWrite && !adding && (
          <button type="button" class="button primary" onClick={() => setAdding(true, { push: true })}>
            Add exception
          </button>
        )}
      </div>
      <p class="muted">
        The false-positive filter: a rule hit on an event with one of these values raises no alert. Add them with one
        click from a value on the events and alerts pages, or here.
      </p>
      <SuccessNotice message={notice} />
      <ErrorBanner error={failure} />
      {adding && canWrite && (
        <ExceptionForm
          initial={{
            field: params.get("field") ?? "",
            value: params.get("value") ?? "",
            rule: params.get("rule") ?? "",
          }}
          rules={rules.data?.rules ?? []}
          onCreated={(exception) => {
            setNotice(`Added the exception ${exception.field} = ${exception.value}.`);
            setQueryParams({ add: null, field: null, value: null, rule: null });
            list.reload();
          }}
          onCancel={() => setQueryParams({ add: null, field: null, value: null, rule: null })}
        />
      )}
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search exceptions"
          placeholder="Search field, value, rule, comment…"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
          class="exceptions-search"
        />
        <select
          aria-label="Scope filter"
          value={scope}
          onChange={(e) => setScope(scopeParam.parse([e.currentTarget.value]))}
        >
          <option value="all">Every scope</option>
          <option value="global">Every rule only</option>
          <option value="rule">One rule only</option>
        </select>
        <span class="muted" role="status">
          {list.data && `${shown.length.toLocaleString()} of ${exceptions.length.toLocaleString()}`}
        </span>
      </div>
      <DataTable
        columns={columns}
        rows={shown}
        rowKey={(e) => e.id}
        label="Exceptions"
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={exceptions.length === 0 ? "No exceptions: every rule hit raises an alert." : "No exception matches."}
      />
      {removing && (
        <ConfirmDialog
          title="Remove this exception?"
          message={
            <p>
              Hits with <code>{removing.field}</code> = <code>{removing.value}</code>{" "}
              {removing.rule_id === null ? "on any rule" : `on ${titles.get(removing.rule_id) ?? removing.rule_id}`}{" "}
              will raise alerts again.
            </p>
          }
          confirmLabel="Remove"
          danger
          busy={busy}
          onConfirm={() => remove(removing)}
          onCancel={() => setRemoving(undefined)}
        />
      )}
    </>
  );
}

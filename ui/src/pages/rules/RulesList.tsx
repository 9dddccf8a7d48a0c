/** The rules list: every bundled and stored rule with its alerts and compile status, filtered by URL state. */
import { useMemo, useState } from "preact/hooks";
import { errorText } from "../../api/client";
import { RULE_LEVELS, type RuleListEntry, type RuleQuery, rulesApi } from "../../api/rules";
import { type Column, DataTable, LoadMore } from "../../components/DataTable";
import { ErrorBanner, LevelBadge } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { hasRole } from "../../roles";
import { navigate, useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { enumParam, setQueryParams, stringParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import { ruleHref } from "../alerts/links";
import { RulePacks } from "./RulePacks";
import "./rules.css";

const PAGE = 200;
const ANY = "";
const SORTS = ["title", "alerts", "level"] as const;
type Sort = (typeof SORTS)[number];

const qParam = stringParam();
const kindParam = enumParam(["", "sigma", "simple"] as const, ANY);
const originParam = enumParam(["", "bundled", "api", "import"] as const, ANY);
const levelParam = enumParam(["", ...RULE_LEVELS] as const, ANY);
const enabledParam = enumParam(["", "true", "false"] as const, ANY);
const statusParam = enumParam(["", "compiled", "failed"] as const, ANY);
const PACK_IDS = ["edgesiem", "core", "core+", "core++", "emerging-threats", "threat-hunting"] as const;
const packParam = enumParam(["", ...PACK_IDS] as const, ANY);
const sortParam = enumParam(SORTS, "title");

const LEVEL_RANK = new Map<string, number>(RULE_LEVELS.map((level, i) => [level, i]));

function sorted(rules: readonly RuleListEntry[], sort: Sort): RuleListEntry[] {
  const copy = [...rules];
  if (sort === "alerts") copy.sort((a, b) => b.alerts.total - a.alerts.total || b.alerts.open - a.alerts.open);
  if (sort === "level")
    copy.sort((a, b) => (LEVEL_RANK.get(b.level ?? "") ?? -1) - (LEVEL_RANK.get(a.level ?? "") ?? -1));
  return copy;
}

/** The same words the API's `q` searches: id, title, bundled path and tags. */
function matchesText(rule: RuleListEntry, q: string): boolean {
  const needle = q.toLowerCase();
  return [rule.id, rule.title, rule.path, ...rule.tags].some((text) => text?.toLowerCase().includes(needle));
}

export function RulesList() {
  useDocumentTitle("Rules");
  const { user } = useSession();
  const canWrite = hasRole(user.role, "analyst");
  const [q, setQ] = useQueryState("q", qParam);
  const [kind, setKind] = useQueryState("kind", kindParam);
  const [origin, setOrigin] = useQueryState("origin", originParam);
  const [level, setLevel] = useQueryState("level", levelParam);
  const [enabled, setEnabled] = useQueryState("enabled", enabledParam);
  const [status, setStatus] = useQueryState("status", statusParam);
  const [pack, setPack] = useQueryState("pack", packParam);
  const [sort, setSort] = useQueryState("sort", sortParam);
  const [shown, setShown] = useState(PAGE);
  const [toggleError, setToggleError] = useState<unknown>();
  const [busyId, setBusyId] = useState<string>();

  const query: RuleQuery = {
    kind: kind || undefined,
    origin: origin || undefined,
    level: level || undefined,
    enabled: enabled || undefined,
    status: status || undefined,
    pack: pack || undefined,
  };
  const packs = useApi((signal) => rulesApi.packs({ signal }), []);
  const list = useApi((signal) => rulesApi.list(query, { signal }), [kind, origin, level, enabled, status, pack]);
  const rules = useMemo(
    () =>
      sorted(
        (list.data?.rules ?? []).filter((rule) => q === "" || matchesText(rule, q)),
        sort,
      ),
    [list.data, q, sort],
  );
  const filtered = q !== "" || Object.values(query).some((value) => value !== undefined);

  const toggle = async (rule: RuleListEntry) => {
    if (rule.id === null || !list.data) return;
    setBusyId(rule.id);
    setToggleError(undefined);
    try {
      const { rule: changed } = await rulesApi.setEnabled(rule.id, !rule.enabled);
      const rules = list.data.rules.map((r) => (r.id === rule.id ? { ...changed, alerts: r.alerts } : r));
      list.setData({ ...list.data, rules });
    } catch (failure) {
      setToggleError(
        new Error(`Could not ${rule.enabled ? "disable" : "enable"} ${rule.title ?? rule.id}: ${errorText(failure)}`),
      );
    } finally {
      setBusyId(undefined);
    }
  };

  const columns: Column<RuleListEntry>[] = [
    {
      id: "enabled",
      header: "On",
      width: "3.5rem",
      cell: (rule) =>
        canWrite && rule.id !== null ? (
          <input
            type="checkbox"
            class="switch"
            checked={rule.enabled}
            disabled={busyId === rule.id}
            aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.title ?? rule.id}`}
            onChange={() => toggle(rule)}
          />
        ) : (
          <span class={rule.enabled ? "" : "muted"}>{rule.enabled ? "on" : "off"}</span>
        ),
    },
    {
      id: "title",
      header: "Rule",
      cell: (rule) => (
        <div class="rule-name">
          {rule.id === null ? (
            <span>{rule.title ?? rule.path}</span>
          ) : (
            <Link href={ruleHref(rule.id)}>{rule.title ?? rule.id}</Link>
          )}
          <span class="muted mono">{rule.id ?? rule.path}</span>
        </div>
      ),
    },
    {
      id: "kind",
      header: "Kind",
      width: "6.5rem",
      cell: (rule) => <span class="badge">{rule.kind === "sigma" ? "Sigma" : "simple"}</span>,
    },
    { id: "level", header: "Level", width: "7rem", cell: (rule) => <LevelBadge level={rule.level} /> },
    {
      id: "origin",
      header: "Origin",
      width: "8rem",
      cell: (rule) => (
        <span title={rule.path ?? undefined}>
          {rule.origin}
          {rule.overrides_bundled && <span class="muted"> (edited)</span>}
        </span>
      ),
    },
    {
      id: "pack",
      header: "Pack",
      width: "9rem",
      cell: (rule) => (rule.pack === null ? <span class="muted">—</span> : <span>{rule.pack}</span>),
    },
    {
      id: "alerts",
      header: "Alerts",
      width: "8rem",
      class: "num",
      cell: (rule) =>
        rule.alerts.total === 0 || rule.id === null ? (
          <span class="muted">0</span>
        ) : (
          <Link href={`/alerts?rule=${encodeURIComponent(rule.id)}`} title="Open this rule's alerts">
            {rule.alerts.total.toLocaleString()}
            {rule.alerts.open > 0 && <span class="muted"> ({rule.alerts.open.toLocaleString()} open)</span>}
          </Link>
        ),
    },
    {
      id: "last",
      header: "Last alert",
      width: "8rem",
      cell: (rule) => <Time value={rule.alerts.last_seen} relative />,
    },
    {
      id: "status",
      header: "Compile",
      width: "7rem",
      cell: (rule) =>
        rule.status === "compiled" ? (
          <span class="badge status-closed">compiled</span>
        ) : (
          <span class="badge status-open" title={rule.errors.map((e) => e.reason).join("\n")}>
            failed
          </span>
        ),
    },
  ];

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Rules</h1>
        <div class="toolbar">
          <Link href="/rules/noisy" class="button">
            Noisy rules
          </Link>
          {hasRole(user.role, "admin") && (
            <Link href="/rules/update" class="button">
              Update rules
            </Link>
          )}
          {canWrite && (
            <Link href="/rules/new" class="button primary">
              New rule
            </Link>
          )}
        </div>
      </div>
      {packs.data && (
        <RulePacks
          packs={packs.data}
          canWrite={canWrite}
          onChanged={(next) => {
            packs.setData(next);
            list.reload();
          }}
        />
      )}
      <ErrorBanner error={packs.error} />
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search rules"
          placeholder="Search title, id, tag, file…"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
          class="rules-search"
        />
        <FilterSelect
          label="Kind"
          value={kind}
          onChange={setKind}
          options={[
            ["sigma", "Sigma"],
            ["simple", "Simple"],
          ]}
        />
        <FilterSelect
          label="Level"
          value={level}
          onChange={setLevel}
          options={RULE_LEVELS.map((l) => [l, l] as const)}
        />
        <FilterSelect label="Pack" value={pack} onChange={setPack} options={PACK_IDS.map((id) => [id, id] as const)} />
        <FilterSelect
          label="Origin"
          value={origin}
          onChange={setOrigin}
          options={[
            ["bundled", "Bundled"],
            ["api", "API"],
            ["import", "Import"],
          ]}
        />
        <FilterSelect
          label="State"
          value={enabled}
          onChange={setEnabled}
          options={[
            ["true", "Enabled"],
            ["false", "Disabled"],
          ]}
        />
        <FilterSelect
          label="Compile"
          value={status}
          onChange={setStatus}
          options={[
            ["compiled", "Compiled"],
            ["failed", "Failed"],
          ]}
        />
        <label class="muted" for="rules-sort">
          Sort
        </label>
        <select id="rules-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
          <option value="title">Title</option>
          <option value="alerts">Most alerts</option>
          <option value="level">Highest level</option>
        </select>
        {filtered && (
          <button
            type="button"
            class="button small"
            onClick={() =>
              setQueryParams({
                q: null,
                kind: null,
                origin: null,
                level: null,
                enabled: null,
                status: null,
                pack: null,
              })
            }
          >
            Clear filters
          </button>
        )}
      </div>
      <ErrorBanner error={toggleError} />
      <DataTable
        columns={columns}
        rows={rules.slice(0, shown)}
        rowKey={(rule) => rule.id ?? `${rule.path}:${rule.line}`}
        label="Rules"
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={filtered ? "No rule matches these filters." : "No rules yet."}
        onRowClick={(rule) => rule.id !== null && navigate(ruleHref(rule.id))}
      />
      {list.data && (
        <LoadMore
          count={Math.min(shown, rules.length)}
          total={rules.length}
          hasMore={shown < rules.length}
          loading={false}
          onLoadMore={() => setShown((n) => n + PAGE)}
        />
      )}
    </>
  );
}

interface FilterSelectProps<T extends string> {
  label: string;
  value: T | "";
  onChange: (value: T | "") => void;
  options: readonly (readonly [T, string])[];
}

function FilterSelect<T extends string>({ label, value, onChange, options }: FilterSelectProps<T>) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value as T | "")}>
      <option value="">{`${label}: any`}</option>
      {options.map(([option, text]) => (
        <option key={option} value={option}>
          {`${label}: ${text}`}
        </option>
      ))}
    </select>
  );
}

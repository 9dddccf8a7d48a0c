import {
  AGENT_CONFIGS,
  type Coverage as CoverageData,
  type CoverageSource,
  type CoverageTechnique,
  coverageApi,
  type DroppedSource,
  type TechniqueStatus,
  type WhatIf,
} from "../../api/coverage";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, Loading } from "../../components/Feedback";
import { useDocumentTitle } from "../../router";
import { enumParam, listParam, useQueryState } from "../../url-state";
import { type ApiState, useApi } from "../../use-api";
import "./coverage.css";

const DAYS = ["1", "7", "30"] as const;
const daysParam = enumParam(DAYS, "7");
/** Unticked sources, as `dataset|code` (`dataset|*` for a source without a code). */
const dropParam = listParam();

const sourceKey = (source: Pick<CoverageSource, "dataset" | "event_code">) =>
  `${source.dataset}|${source.event_code ?? "*"}`;

function droppedSource(key: string): DroppedSource {
  const cut = key.lastIndexOf("|");
  const dataset = key.slice(0, cut);
  const code = key.slice(cut + 1);
  return code === "*" ? { dataset } : { dataset, event_code: code };
}

/** Per-day rates of a quiet source are fractions: one decimal below ten. */
const formatCount = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: n < 10 ? 1 : 0 });
const formatMb = (bytes: number) => {
  const mb = bytes / 1_000_000;
  return mb < 1
    ? mb.toLocaleString(undefined, { maximumSignificantDigits: 2 })
    : mb.toLocaleString(undefined, { maximumFractionDigits: 1 });
};
const formatShare = (share: number) => `${(share * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
const tacticLabel = (tactic: string) => {
  const words = tactic.replace(/[-_]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const STATUS_LABEL: Record<TechniqueStatus, string> = {
  covered: "Covered",
  source_missing: "Source missing",
  not_covered: "Not covered",
  gap: "Gap: no rule",
};

function VerdictBadge({ source }: { source: CoverageSource }) {
  return <span class={`badge coverage-verdict coverage-verdict-${source.verdict_kind}`}>{source.verdict}</span>;
}

const TECHNIQUES_SHOWN = 2;

function Techniques({ ids, names }: { ids: readonly string[]; names: ReadonlyMap<string, string> }) {
  if (ids.length === 0) return <span class="muted">—</span>;
  const more = ids.length - TECHNIQUES_SHOWN;
  return (
    <span title={ids.map((id) => `${id} ${names.get(id) ?? ""}`.trim()).join(", ")}>
      {ids.slice(0, TECHNIQUES_SHOWN).join(", ")}
      {more > 0 && <span class="muted">{` +${more} more`}</span>}
    </span>
  );
}

function sourceColumns(
  dropped: ReadonlySet<string>,
  toggle: (key: string) => void,
  names: ReadonlyMap<string, string>,
): Column<CoverageSource>[] {
  return [
    {
      id: "keep",
      header: "Keep",
      width: "4rem",
      cell: (source) => {
        const key = sourceKey(source);
        return (
          <input
            type="checkbox"
            checked={!dropped.has(key)}
            aria-label={`Keep ${source.dataset}${source.event_code === null ? "" : ` event ${source.event_code}`}`}
            onChange={() => toggle(key)}
          />
        );
      },
    },
    { id: "dataset", header: "Dataset", class: "mono", cell: (source) => source.dataset },
    { id: "code", header: "Code", class: "mono", cell: (source) => source.event_code ?? "any" },
    { id: "events", header: "Events/day", class: "num", cell: (source) => formatCount(source.events_per_day) },
    { id: "mb", header: "MB/day", class: "num", cell: (source) => formatMb(source.bytes_per_day) },
    { id: "share", header: "Share", class: "num", cell: (source) => formatShare(source.share) },
    { id: "rules", header: "Rules fed", class: "num", cell: (source) => source.rules.length.toLocaleString() },
    { id: "alerts", header: "Alerts", class: "num", cell: (source) => source.alerts.toLocaleString() },
    {
      id: "techniques",
      header: "Techniques",
      width: "11rem",
      class: "coverage-wrap",
      cell: (source) => <Techniques ids={source.techniques} names={names} />,
    },
    {
      id: "verdict",
      header: "Verdict",
      width: "10rem",
      class: "coverage-wrap",
      cell: (source) => <VerdictBadge source={source} />,
    },
  ];
}

function Downloads() {
  return (
    <div class="coverage-downloads">
      {AGENT_CONFIGS.map((config) => (
        <a
          key={config.agent}
          class="button small"
          href={coverageApi.agentConfigUrl(config.agent)}
          download={config.file}
          title={`Download ${config.file}: keeps exactly what the enabled rules read`}
        >
          {config.label}
        </a>
      ))}
    </div>
  );
}

function WhatIfResult({ result, titles }: { result: WhatIf; titles: ReadonlyMap<string, string> }) {
  const ruleNames = (ids: readonly string[]) => ids.map((id) => titles.get(id) ?? id).join(", ");
  return (
    <div class="coverage-whatif-figures">
      <dl class="coverage-figures">
        <div>
          <dt>Volume saved</dt>
          <dd>
            {formatCount(result.saved.events_per_day)} events/day · {formatMb(result.saved.bytes_per_day)} MB/day ·{" "}
            {formatShare(result.saved.share)}
          </dd>
        </div>
        <div>
          <dt>Past alerts lost</dt>
          <dd>{result.lost_alerts.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Techniques lost</dt>
          <dd>{result.lost_techniques.length.toLocaleString()}</dd>
        </div>
      </dl>
      {result.lost_techniques.length > 0 && (
        <ul class="coverage-lost" aria-label="Techniques lost">
          {result.lost_techniques.map((technique) => (
            <li key={technique.id}>
              <strong>{technique.id}</strong> <span class="muted">({ruleNames(technique.rules)})</span>
            </li>
          ))}
        </ul>
      )}
      {result.lost_rules.length > 0 && (
        <p>
          Rules left without events:{" "}
          {result.lost_rules.map((rule) => `${rule.title} (${rule.alerts.toLocaleString()} alerts)`).join(", ")}
        </p>
      )}
      {result.weakened_rules.length > 0 && (
        <p class="muted">
          Rules that would still see part of their events: {ruleNames(result.weakened_rules.map((r) => r.id))}
        </p>
      )}
    </div>
  );
}

function WhatIfPanel({
  count,
  state,
  titles,
  onReset,
}: {
  count: number;
  state: ApiState<WhatIf | undefined>;
  titles: ReadonlyMap<string, string>;
  onReset: () => void;
}) {
  return (
    <section class="panel coverage-whatif" aria-labelledby="coverage-whatif-title" aria-live="polite">
      <div class="panel-header">
        <h2 id="coverage-whatif-title">
          What if {count === 1 ? "this source is" : `these ${count} sources are`} dropped
        </h2>
        <button type="button" class="button small" onClick={onReset}>
          Keep all
        </button>
      </div>
      {state.error !== undefined && <ErrorBanner error={state.error} onRetry={state.reload} />}
      {state.loading && <Loading />}
      {state.data && !state.loading && <WhatIfResult result={state.data} titles={titles} />}
    </section>
  );
}

const sourceLabel = (source: CoverageTechnique["sources"][number]) =>
  source.event_code === null ? source.dataset : `${source.dataset} ${source.event_code}`;

/** A technique a rule names: its name, and the rules and received sources behind its status. */
function NamedTechnique({
  technique,
  titles,
  lost,
}: {
  technique: CoverageTechnique;
  titles: ReadonlyMap<string, string>;
  lost: boolean;
}) {
  const rules = technique.rules.map((id) => titles.get(id) ?? id);
  return (
    <li class={`coverage-technique coverage-${technique.status}${lost ? " coverage-lost-technique" : ""}`}>
      <details>
        <summary>
          <span class="coverage-technique-id">{technique.id}</span>{" "}
          <span class="coverage-technique-name">{technique.name ?? "(not in this ATT&CK release)"}</span>
          <span class="visually-hidden">
            {`, ${STATUS_LABEL[technique.status]}`}
            {lost ? ", lost in what-if" : ""}
          </span>
        </summary>
        <p class="coverage-technique-detail">
          {STATUS_LABEL[technique.status]}
          {lost ? ", lost in what-if" : ""}
        </p>
        {rules.length > 0 && (
          <ul class="coverage-technique-detail coverage-technique-rules" aria-label={`Rules naming ${technique.id}`}>
            {rules.map((title, i) => (
              <li key={technique.rules[i]}>{title}</li>
            ))}
          </ul>
        )}
        {technique.sources.length > 0 && (
          <p class="coverage-technique-detail">Fed by {technique.sources.map(sourceLabel).join(", ")}</p>
        )}
      </details>
    </li>
  );
}

/**
 * Tactics as columns: the techniques the rules name, coloured by status (lost ones marked in what-if
 * mode), then the tactic's techniques no rule names, the gaps.
 */
function AttackMatrix({
  tactics,
  techniques,
  titles,
  lost,
  attackVersion,
}: {
  tactics: readonly string[];
  techniques: readonly CoverageTechnique[];
  titles: ReadonlyMap<string, string>;
  lost: ReadonlySet<string>;
  attackVersion: string;
}) {
  const named = techniques.filter((technique) => technique.status !== "gap");
  const columns = tactics
    .map((tactic) => ({
      tactic,
      named: named.filter((technique) => technique.tactics.includes(tactic)),
      gaps: techniques.filter((technique) => technique.status === "gap" && technique.tactics.includes(tactic)),
    }))
    .filter((column) => column.named.length > 0);
  const untactical = named.filter((technique) => technique.tactics.length === 0);
  if (untactical.length > 0) columns.push({ tactic: "no tactic tagged", named: untactical, gaps: [] });
  return (
    <section class="panel" aria-labelledby="coverage-matrix-title">
      <div class="panel-header">
        <h2 id="coverage-matrix-title">ATT&CK matrix</h2>
        <ul class="coverage-legend" aria-label="Legend">
          {(Object.keys(STATUS_LABEL) as TechniqueStatus[]).map((status) => (
            <li key={status}>
              <span class={`coverage-swatch coverage-${status}`} aria-hidden="true" /> {STATUS_LABEL[status]}
            </li>
          ))}
          {lost.size > 0 && (
            <li>
              <span class="coverage-swatch coverage-lost-swatch" aria-hidden="true" /> Lost in what-if
            </li>
          )}
        </ul>
      </div>
      {columns.length === 0 ? (
        <p class="muted">No enabled rule is tagged with an ATT&CK technique.</p>
      ) : (
        <div class="coverage-matrix" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(10rem, 1fr))` }}>
          {columns.map((column) => (
            <div key={column.tactic} class="coverage-tactic">
              <h3>{tacticLabel(column.tactic)}</h3>
              <ul aria-label={`Techniques named in ${tacticLabel(column.tactic)}`}>
                {column.named.map((technique) => (
                  <NamedTechnique
                    key={technique.id}
                    technique={technique}
                    titles={titles}
                    lost={lost.has(technique.id)}
                  />
                ))}
              </ul>
              {column.gaps.length > 0 && (
                <>
                  <h4>{`${column.gaps.length} ${column.gaps.length === 1 ? "gap" : "gaps"}`}</h4>
                  <ul class="coverage-gaps" aria-label={`Gaps in ${tacticLabel(column.tactic)}`}>
                    {column.gaps.map((technique) => (
                      <li key={technique.id} class="coverage-technique coverage-gap">
                        <span class="coverage-technique-id">{technique.id}</span>{" "}
                        <span class="coverage-technique-name">{technique.name}</span>
                        <span class="visually-hidden">, {STATUS_LABEL.gap}</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          ))}
        </div>
      )}
      <p class="muted coverage-attribution">
        Technique names and tactics: MITRE ATT&CK® Enterprise {attackVersion}, © The MITRE Corporation, reproduced under
        the{" "}
        <a href="https://attack.mitre.org/resources/legal-and-branding/terms-of-use/" rel="noreferrer">
          ATT&CK terms of use
        </a>
        .
      </p>
    </section>
  );
}

function CoverageBody({
  data,
  days,
  dropped,
  setDropped,
}: {
  data: CoverageData;
  days: number;
  dropped: string[];
  setDropped: (value: string[]) => void;
}) {
  const droppedSet = new Set(dropped);
  const toggle = (key: string) =>
    setDropped(droppedSet.has(key) ? dropped.filter((item) => item !== key) : [...dropped, key]);
  const titles = new Map(data.rules.map((rule) => [rule.id, rule.title]));
  const names = new Map(data.techniques.flatMap((t) => (t.name === null ? [] : [[t.id, t.name] as const])));
  const whatIf = useApi(
    (signal) =>
      dropped.length === 0
        ? Promise.resolve(undefined)
        : coverageApi.whatIf(days, dropped.map(droppedSource), { signal }),
    [days, dropped.join("\u0000")],
  );
  const lost = new Set(whatIf.data?.lost_techniques.map((technique) => technique.id) ?? []);
  return (
    <>
      <p class="muted" role="status">
        {data.sources.length.toLocaleString()} log sources, {formatCount(data.totals.events_per_day)} events/day,{" "}
        {formatMb(data.totals.bytes_per_day)} MB/day over the last {data.days} day{data.days === 1 ? "" : "s"}. Untick a
        source to see what dropping it would cost.
      </p>
      {dropped.length > 0 && (
        <WhatIfPanel count={dropped.length} state={whatIf} titles={titles} onReset={() => setDropped([])} />
      )}
      <div class="coverage-table">
        <DataTable
          label="Log sources"
          columns={sourceColumns(droppedSet, toggle, names)}
          rows={data.sources}
          rowKey={sourceKey}
          empty="No events stored in this period yet."
        />
      </div>
      <AttackMatrix
        tactics={data.tactics}
        techniques={data.techniques}
        titles={titles}
        lost={lost}
        attackVersion={data.attack_version}
      />
    </>
  );
}

export function Coverage() {
  useDocumentTitle("Coverage");
  const [days, setDays] = useQueryState("days", daysParam);
  const [dropped, setDropped] = useQueryState("drop", dropParam);
  const { data, error, loading, reload } = useApi((signal) => coverageApi.get(Number(days), { signal }), [days]);
  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Coverage</h1>
        <div class="toolbar">
          <label class="coverage-days">
            Period
            <select value={days} onChange={(event) => setDays(event.currentTarget.value as typeof days)}>
              {DAYS.map((value) => (
                <option key={value} value={value}>
                  {value === "1" ? "1 day" : `${value} days`}
                </option>
              ))}
            </select>
          </label>
          <Downloads />
        </div>
      </div>
      {error !== undefined && <ErrorBanner error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && <CoverageBody data={data} days={Number(days)} dropped={dropped} setDropped={setDropped} />}
    </>
  );
}

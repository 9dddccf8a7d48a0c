import { useState } from "preact/hooks";
import { type DeadLetter, deadLettersApi } from "../../api/dead-letters";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, SuccessNotice } from "../../components/Feedback";
import { ConfirmDialog } from "../../components/Modal";
import { Time } from "../../components/Time";
import { useDocumentTitle } from "../../router";
import { enumParam, numberParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import { DeadLetterRecords } from "./DeadLetterRecords";
import "./dead-letters.css";
import { Segmented } from "../../components/Segmented";

const FILTERS = ["pending", "replayed", "discarded", "all"] as const;
type Filter = (typeof FILTERS)[number];
const FILTER_LABELS: Record<Filter, string> = {
  pending: "Pending",
  replayed: "Replayed",
  discarded: "Discarded",
  all: "All",
};
const EMPTY: Record<Filter, string> = {
  pending: "No pending dead letters: every batch the retry queue took was stored.",
  replayed: "No dead letter has been replayed.",
  discarded: "No dead letter has been discarded.",
  all: "No dead letters: every batch the retry queue took was stored.",
};
const filterParam = enumParam<Filter>(FILTERS, "pending");
/** `?open=<id>`: that dead letter's records are shown. */
const openParam = numberParam(0);

type Pending = { kind: "replay" | "discard"; letter: DeadLetter } | { kind: "replay-all" };

function ErrorText({ letter }: { letter: DeadLetter }) {
  if (letter.last_error === null) return <span class="muted">unknown</span>;
  const earlier = letter.first_error !== null && letter.first_error !== letter.last_error;
  return (
    <span class="dead-letter-error" title={earlier ? `First error: ${letter.first_error}` : letter.last_error}>
      {letter.last_error}
    </span>
  );
}

function Status({ letter }: { letter: DeadLetter }) {
  const settled =
    letter.status === "replayed"
      ? { by: letter.replayed_by, at: letter.replayed_at }
      : letter.status === "discarded"
        ? { by: letter.discarded_by, at: letter.discarded_at }
        : null;
  return (
    <span class="dead-letter-status">
      <span class={`badge dead-letter-${letter.status}`}>{letter.status}</span>
      {settled && (
        <span class="muted">
          by {settled.by ?? "unknown"} <Time value={settled.at} relative />
        </span>
      )}
    </span>
  );
}

function confirmText(pending: Pending, pendingCount: number) {
  if (pending.kind === "replay-all") {
    return {
      title: `Replay ${pendingCount === 1 ? "the pending dead letter" : `all ${pendingCount} pending dead letters`}?`,
      message: (
        <p>
          Each is stored through the ingest path again. Parts already stored count nothing twice; one that fails again
          stays pending with its new error.
        </p>
      ),
      label: "Replay all",
    };
  }
  const { letter } = pending;
  const what = `${letter.record_count} record${letter.record_count === 1 ? "" : "s"} of batch ${letter.batch_id ?? "(unknown)"}`;
  return pending.kind === "replay"
    ? {
        title: `Replay dead letter ${letter.id}?`,
        message: (
          <p>The {what} are stored and matched against the rules now. Nothing already stored is stored twice.</p>
        ),
        label: "Replay",
      }
    : {
        title: `Discard dead letter ${letter.id}?`,
        message: <p>The {what} are not stored. The dead letter is kept, marked discarded, and cannot be replayed.</p>,
        label: "Discard",
      };
}

export function DeadLetters() {
  useDocumentTitle("Dead letters");
  const [filter, setFilter] = useQueryState("status", filterParam);
  const [openId, setOpenId] = useQueryState("open", openParam);
  const { data, error, loading, reload } = useApi((signal) => deadLettersApi.list(filter, { signal }), [filter]);
  const [confirming, setConfirming] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const pendingCount = data?.pending ?? 0;

  const run = async (pending: Pending) => {
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      if (pending.kind === "replay-all") {
        const result = await deadLettersApi.replayAll();
        setNotice(
          `Replayed ${result.replayed}, failed ${result.failed}; ${result.pending} still pending.` +
            (result.failed > 0 ? " Failed ones keep their new error below." : ""),
        );
      } else if (pending.kind === "replay") {
        const result = await deadLettersApi.replay(pending.letter.id);
        setNotice(`Dead letter ${pending.letter.id} was replayed: ${result.alerts} alert(s) raised or added to.`);
      } else {
        await deadLettersApi.discard(pending.letter.id);
        setNotice(`Dead letter ${pending.letter.id} was discarded.`);
      }
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusy(false);
      setConfirming(undefined);
      reload();
    }
  };

  const columns: Column<DeadLetter>[] = [
    {
      id: "age",
      header: "Dead-lettered",
      width: "7.5rem",
      cell: (letter) => <Time value={letter.dead_lettered_at} relative />,
    },
    {
      id: "batch",
      header: "Batch",
      width: "11rem",
      cell: (letter) => (
        <span class="dead-letter-batch">
          <span class="mono" title={letter.batch_id ?? undefined}>
            {letter.batch_id ?? "not an ingest part"}
          </span>
          {letter.token_name && <span class="muted">token {letter.token_name}</span>}
        </span>
      ),
    },
    { id: "records", header: "Records", class: "num", cell: (letter) => letter.record_count },
    { id: "error", header: "Error", class: "dead-letter-error-cell", cell: (letter) => <ErrorText letter={letter} /> },
    {
      id: "attempts",
      header: <span title="Store attempts from the dead-letter table that failed">Failed tries</span>,
      class: "num",
      cell: (letter) => letter.attempts,
    },
    { id: "status", header: "Status", width: "9rem", cell: (letter) => <Status letter={letter} /> },
    {
      id: "actions",
      header: <span class="visually-hidden">Actions</span>,
      cell: (letter) => (
        <span class="dead-letter-actions">
          <button
            type="button"
            class="button small"
            aria-label={`Show the records of dead letter ${letter.id}`}
            onClick={() => setOpenId(letter.id, { push: true })}
          >
            Records
          </button>
          {letter.status === "pending" && (
            <>
              <button
                type="button"
                class="button small"
                aria-label={`Replay dead letter ${letter.id}`}
                onClick={() => setConfirming({ kind: "replay", letter })}
              >
                Replay
              </button>
              <button
                type="button"
                class="button small"
                aria-label={`Discard dead letter ${letter.id}`}
                onClick={() => setConfirming({ kind: "discard", letter })}
              >
                Discard
              </button>
            </>
          )}
        </span>
      ),
    },
  ];

  const confirm = confirming && confirmText(confirming, pendingCount);

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Dead letters</h1>
        <div class="toolbar">
          <button type="button" class="button small" onClick={reload} disabled={loading}>
            Refresh
          </button>
          <button
            type="button"
            class="button primary"
            disabled={pendingCount === 0 || busy}
            onClick={() => setConfirming({ kind: "replay-all" })}
          >
            Replay all pending ({pendingCount})
          </button>
        </div>
      </div>
      <p class="muted dead-letter-intro">
        A batch D1 could not store goes to the retry queue; a part of it that still fails after every retry is kept here
        with the error of its last try. Fix the cause, then replay it: it is stored through the ingest path, and a part
        that was stored meanwhile is not counted or alerted twice.
      </p>
      <SuccessNotice message={notice} />
      <ErrorBanner error={actionError} />
      <fieldset class="toolbar dead-letter-filter">
        <legend class="visually-hidden">Show dead letters</legend>
        <Segmented choices={FILTERS} value={filter} label={(choice) => FILTER_LABELS[choice]} onChange={setFilter} />
        {data && (
          <span class="muted">
            {data.total} dead letter{data.total === 1 ? "" : "s"}
            {data.total > data.items.length ? `, the latest ${data.items.length} shown` : ""}
          </span>
        )}
      </fieldset>
      <DataTable
        label="Dead letters"
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(letter) => letter.id}
        loading={loading}
        error={error}
        onRetry={reload}
        selectedKey={openId || undefined}
        empty={EMPTY[filter]}
      />
      {openId > 0 && <DeadLetterRecords id={openId} onClose={() => setOpenId(0)} />}
      {confirming && confirm && (
        <ConfirmDialog
          title={confirm.title}
          message={confirm.message}
          confirmLabel={confirm.label}
          danger={confirming.kind === "discard"}
          busy={busy}
          onConfirm={() => run(confirming)}
          onCancel={() => setConfirming(undefined)}
        />
      )}
    </>
  );
}

import { useEffect, useState } from "preact/hooks";
import { type NotificationTarget, notificationsApi } from "../../api/notifications";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, LevelBadge, SuccessNotice } from "../../components/Feedback";
import { ConfirmDialog } from "../../components/Modal";
import { Time } from "../../components/Time";
import { useDocumentTitle } from "../../router";
import { formatAbsolute } from "../../time";
import { stringParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import { TargetForm } from "./TargetForm";
import "./notifications.css";

/** `?edit=new` opens the new-target form, `?edit=<id>` that target's. */
const editParam = stringParam();
/** A test notice goes through the queue; the list is read again after this long to show how it went. */
const TEST_RECHECK_MS = 3000;

function DeliveryStatus({ target }: { target: NotificationTarget }) {
  if (target.last_attempt_at === null || target.last_status === null) return <span class="muted">never sent</span>;
  const delivered = target.last_status === "delivered";
  const lastGood =
    target.last_delivered_at === null
      ? "Never delivered"
      : `Last delivered ${formatAbsolute(target.last_delivered_at)}`;
  return (
    <span class="delivery" title={delivered ? undefined : `${target.last_error ?? ""}\n${lastGood}`}>
      <span class={`badge ${delivered ? "delivery-ok" : "delivery-failed"}`}>{target.last_status}</span>
      <Time value={target.last_attempt_at} relative />
      {!delivered && target.last_error && <span class="delivery-error">{target.last_error}</span>}
    </span>
  );
}

export function Notifications() {
  useDocumentTitle("Notifications");
  const [editing, setEditing] = useQueryState("edit", editParam);
  const { data, error, loading, reload } = useApi((signal) => notificationsApi.list({ signal }), []);
  const [deleting, setDeleting] = useState<NotificationTarget>();
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [recheck, setRecheck] = useState(0);

  useEffect(() => {
    if (recheck === 0) return;
    const timer = setTimeout(reload, TEST_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [recheck, reload]);

  const targets = data?.targets ?? [];
  const editTarget = editing === "new" ? undefined : targets.find((target) => target.id === editing);
  const formOpen = editing === "new" || editTarget !== undefined;

  const act = async (action: () => Promise<unknown>, done: string) => {
    setActionError(undefined);
    setNotice(undefined);
    try {
      await action();
      setNotice(done);
      return true;
    } catch (failure) {
      setActionError(failure);
      return false;
    }
  };

  const sendTest = async (target: NotificationTarget) => {
    const queued = await act(
      () => notificationsApi.test(target.id),
      `A test notice for "${target.name}" is queued; its delivery status below updates once it is sent.`,
    );
    if (queued) setRecheck((n) => n + 1);
  };

  const remove = async (target: NotificationTarget) => {
    setDeleting(undefined);
    if (await act(() => notificationsApi.remove(target.id), `"${target.name}" was deleted.`)) reload();
  };

  const columns: Column<NotificationTarget>[] = [
    { id: "name", header: "Name", cell: (target) => target.name },
    {
      id: "url",
      header: "URL",
      width: "18rem",
      class: "mono",
      cell: (target) => <span title={target.url}>{target.url}</span>,
    },
    { id: "format", header: "Format", cell: (target) => target.format },
    { id: "level", header: "Min level", cell: (target) => <LevelBadge level={target.min_level} /> },
    {
      id: "enabled",
      header: "Enabled",
      cell: (target) => (target.enabled ? <span class="badge delivery-ok">on</span> : <span class="badge">off</span>),
    },
    { id: "delivery", header: "Last delivery", width: "22rem", cell: (target) => <DeliveryStatus target={target} /> },
    {
      id: "actions",
      header: <span class="visually-hidden">Actions</span>,
      cell: (target) => (
        <span class="target-actions">
          <button
            type="button"
            class="button small"
            aria-label={`Edit ${target.name}`}
            onClick={() => setEditing(target.id, { push: true })}
          >
            Edit
          </button>
          <button
            type="button"
            class="button small"
            aria-label={`Send a test to ${target.name}`}
            onClick={() => sendTest(target)}
          >
            Send test
          </button>
          <button
            type="button"
            class="button small"
            aria-label={`Delete ${target.name}`}
            onClick={() => setDeleting(target)}
          >
            Delete
          </button>
        </span>
      ),
    },
  ];

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Notifications</h1>
        <div class="toolbar">
          <button type="button" class="button small" onClick={reload} disabled={loading}>
            Refresh
          </button>
          <button type="button" class="button primary" onClick={() => setEditing("new", { push: true })}>
            New target
          </button>
        </div>
      </div>
      <p class="muted target-intro">
        Each new alert at or above a target's minimum level is posted to its webhook: <strong>generic</strong> sends the
        alert as JSON (signed when the target has a secret), <strong>slack</strong> sends a Slack-compatible message.
        Failed deliveries are retried; the last attempt's outcome is shown here.
      </p>
      <SuccessNotice message={notice} />
      <ErrorBanner error={actionError} />
      <DataTable
        label="Notification targets"
        columns={columns}
        rows={targets}
        rowKey={(target) => target.id}
        loading={loading}
        error={error}
        onRetry={reload}
        empty="No notification targets yet: alerts are only shown in the dashboard."
      />
      {formOpen && (
        <TargetForm
          key={editing}
          target={editTarget}
          onClose={() => setEditing("")}
          onSaved={(saved) => {
            setEditing("");
            setNotice(editTarget ? `"${saved.name}" was saved.` : `"${saved.name}" was created.`);
            reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete "${deleting.name}"?`}
          message={<p>Alerts stop going to {deleting.url}. Alerts already sent are not affected.</p>}
          confirmLabel="Delete target"
          danger
          onConfirm={() => remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </>
  );
}

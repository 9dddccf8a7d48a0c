import { useState } from "preact/hooks";
import { errorText } from "../../api/client";
import { type AgentToken, tokensApi } from "../../api/tokens";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, FormError } from "../../components/Feedback";
import { ConfirmDialog } from "../../components/Modal";
import { Time } from "../../components/Time";
import { useDocumentTitle } from "../../router";
import { enumParam, useQueryState } from "../../url-state";
import { useAction } from "../../use-action";
import { useApi } from "../../use-api";
import { NewTokenModal } from "./NewTokenModal";
import "./tokens.css";
import { Segmented } from "../../components/Segmented";

const STATUSES = ["all", "active", "revoked"] as const;
const statusParam = enumParam(STATUSES, "all");

/** What the API's own check accepts (worker/http/routes/tokens.ts), so a typo is caught before sending. */
const NAME_PATTERN = "[A-Za-z0-9 ._:@\\-]+";

interface Created {
  name: string;
  token: string;
}

export function Tokens() {
  useDocumentTitle("Agent tokens");
  const [status, setStatus] = useQueryState("status", statusParam);
  const { data, error, loading, reload } = useApi((signal) => tokensApi.list({ signal }), []);
  const [created, setCreated] = useState<Created>();
  const [revoking, setRevoking] = useState<AgentToken>();
  const { busy, failure: actionError, run } = useAction();

  const rows = (data?.tokens ?? []).filter(
    (token) => status === "all" || (status === "revoked") === (token.revoked_at !== null),
  );

  const revoke = async (token: AgentToken) => {
    await run(async () => {
      await tokensApi.revoke(token.id);
      reload();
    });
    setRevoking(undefined);
  };

  const columns: Column<AgentToken>[] = [
    { id: "name", header: "Name", cell: (token) => token.name },
    { id: "created", header: "Created", cell: (token) => <Time value={token.created_at} /> },
    { id: "last_used", header: "Last used", cell: (token) => <Time value={token.last_used_at} relative /> },
    {
      id: "status",
      header: "Status",
      cell: (token) =>
        token.revoked_at === null ? (
          <span class="badge token-active">active</span>
        ) : (
          <span class="token-revoked">
            <span class="badge">revoked</span> <Time value={token.revoked_at} />
          </span>
        ),
    },
    {
      id: "actions",
      header: <span class="visually-hidden">Actions</span>,
      width: "7rem",
      cell: (token) =>
        token.revoked_at === null && (
          <button
            type="button"
            class="button small"
            aria-label={`Revoke ${token.name}`}
            onClick={() => setRevoking(token)}
          >
            Revoke
          </button>
        ),
    },
  ];

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Agent tokens</h1>
      </div>
      <p class="muted token-intro">
        An agent token lets one agent send events to <code>/api/v1/ingest</code> and nothing else. Create one per host
        or group of hosts, so revoking one stops only those.
      </p>
      <CreateTokenForm
        onCreated={(result) => {
          setCreated(result);
          reload();
        }}
      />
      <ErrorBanner error={actionError} />
      <fieldset class="toolbar token-filter">
        <legend class="visually-hidden">Show tokens</legend>
        <Segmented
          choices={STATUSES}
          value={status}
          label={(choice) => (choice === "all" ? "All" : choice === "active" ? "Active" : "Revoked")}
          onChange={setStatus}
        />
      </fieldset>
      <DataTable
        label="Agent tokens"
        columns={columns}
        rows={rows}
        rowKey={(token) => token.id}
        loading={loading}
        error={error}
        onRetry={reload}
        empty={data?.tokens.length === 0 ? "No agent tokens yet: create one above." : "No token matches."}
      />
      {created && <NewTokenModal name={created.name} token={created.token} onClose={() => setCreated(undefined)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke "${revoking.name}"?`}
          message={
            <p>
              Agents sending with this token are refused (401) from their very next batch. This cannot be undone; a new
              token can be created instead.
            </p>
          }
          confirmLabel="Revoke token"
          danger
          busy={busy}
          onConfirm={() => revoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        />
      )}
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const [name, setName] = useState("");
  const { busy, failure, run } = useAction();
  const error = failure === undefined ? undefined : errorText(failure);

  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const answer = await tokensApi.create(name.trim());
      setName("");
      onCreated({ name: answer.name, token: answer.token });
    });
  };

  return (
    <form class="panel token-form" onSubmit={submit}>
      <div class="field">
        <label for="token-name">New token name</label>
        <input
          id="token-name"
          value={name}
          required
          maxLength={128}
          pattern={NAME_PATTERN}
          title="Letters, digits, spaces and . _ : @ -"
          placeholder="e.g. web1 or windows-workstations"
          autoComplete="off"
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? "Creating…" : "Create token"}
      </button>
      <FormError message={error} class="token-form-error" />
    </form>
  );
}

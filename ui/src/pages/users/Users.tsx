import { useState } from "preact/hooks";
import type { Role, User } from "../../api/auth";
import { usersApi } from "../../api/users";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, SuccessNotice } from "../../components/Feedback";
import { ConfirmDialog } from "../../components/Modal";
import { Time } from "../../components/Time";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { enumParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import "./users.css";
import { Segmented } from "../../components/Segmented";

type Account = Required<User>;

const ROLES: readonly Role[] = ["viewer", "analyst", "admin"];
const ROLE_HELP: Record<Role, string> = {
  viewer: "reads events, alerts and rules",
  analyst: "also triages alerts, edits rules and exceptions",
  admin: "also manages users, agent tokens and notifications",
};

const FILTERS = ["all", "disabled", "enabled"] as const;
const FILTER_LABELS: Record<(typeof FILTERS)[number], string> = {
  all: "All",
  disabled: "Awaiting approval or disabled",
  enabled: "Enabled",
};
const filterParam = enumParam(FILTERS, "all");

export function Users() {
  useDocumentTitle("Users");
  const { user: me } = useSession();
  const [filter, setFilter] = useQueryState("status", filterParam);
  const { data, error, loading, reload, setData } = useApi((signal) => usersApi.list({ signal }), []);
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [disabling, setDisabling] = useState<Account>();
  const [resetting, setResetting] = useState<Account>();
  const [temporary, setTemporary] = useState<{ username: string; password: string }>();
  const [busyId, setBusyId] = useState<number>();

  const users = data?.users ?? [];
  const waiting = users.filter((user) => !user.enabled).length;
  const rows = users.filter((user) => filter === "all" || user.enabled === (filter === "enabled"));

  /** Applies a change; on refusal the row shows what the server still holds and the API's reason. */
  const change = async (account: Account, changes: { role?: Role; enabled?: boolean }, done: string) => {
    setBusyId(account.id);
    setActionError(undefined);
    setNotice(undefined);
    try {
      const { user } = await usersApi.update(account.id, changes);
      setData({ users: users.map((row) => (row.id === user.id ? user : row)) });
      setNotice(done);
    } catch (failure) {
      // A new list object re-renders the row, putting a role select back on the stored role.
      setData({ users: [...users] });
      setActionError(failure);
    } finally {
      setBusyId(undefined);
    }
  };

  const resetPassword = async (account: Account) => {
    setBusyId(account.id);
    setActionError(undefined);
    setNotice(undefined);
    try {
      const reset = await usersApi.resetPassword(account.id);
      setData({ users: users.map((row) => (row.id === reset.user.id ? reset.user : row)) });
      setTemporary({ username: account.username, password: reset.temporary_password });
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusyId(undefined);
    }
  };

  const columns: Column<Account>[] = [
    {
      id: "username",
      header: "Username",
      cell: (user) => (
        <span class="user-name">
          {user.username}
          {user.id === me.id && <span class="badge">you</span>}
        </span>
      ),
    },
    {
      id: "role",
      header: "Role",
      width: "9rem",
      cell: (user) => (
        <select
          class="input user-role"
          aria-label={`Role of ${user.username}`}
          value={user.role}
          disabled={busyId === user.id}
          onChange={(event) => {
            const role = event.currentTarget.value as Role;
            change(user, { role }, `${user.username} is now ${role}; their open sessions were signed out.`);
          }}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: (user) =>
        user.enabled ? (
          <span class="badge user-enabled">enabled</span>
        ) : (
          <span class="badge user-disabled">disabled</span>
        ),
    },
    { id: "created", header: "Signed up", cell: (user) => <Time value={user.created_at} /> },
    {
      id: "actions",
      header: <span class="visually-hidden">Actions</span>,
      width: "14rem",
      cell: (user) => (
        <span class="user-actions">
          {user.id !== me.id && (
            <button
              type="button"
              class="button small"
              aria-label={`Reset the password of ${user.username}`}
              disabled={busyId === user.id}
              onClick={() => setResetting(user)}
            >
              Reset password
            </button>
          )}
          {user.enabled ? (
            <button
              type="button"
              class="button small"
              aria-label={`Disable ${user.username}`}
              disabled={busyId === user.id}
              onClick={() => setDisabling(user)}
            >
              Disable
            </button>
          ) : (
            <button
              type="button"
              class="button small primary"
              aria-label={`Enable ${user.username}`}
              disabled={busyId === user.id}
              onClick={() =>
                change(user, { enabled: true }, `${user.username} is enabled and can sign in as ${user.role}.`)
              }
            >
              Enable
            </button>
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Users</h1>
      </div>
      <div class="user-intro muted">
        <p>
          New sign-ups wait here, disabled, until an admin enables them; pick their role first. Changing a role or
          disabling an account signs that person out everywhere.
        </p>
        <ul>
          {ROLES.map((role) => (
            <li key={role}>
              <strong>{role}</strong>: {ROLE_HELP[role]}
            </li>
          ))}
        </ul>
      </div>
      {waiting > 0 && (
        <p class="user-waiting" role="status">
          {waiting === 1 ? "1 account is" : `${waiting} accounts are`} disabled: new sign-ups awaiting approval, or
          accounts switched off.
        </p>
      )}
      <SuccessNotice message={notice} />
      <ErrorBanner error={actionError} />
      <fieldset class="toolbar user-filter">
        <legend class="visually-hidden">Show users</legend>
        <Segmented choices={FILTERS} value={filter} label={(choice) => FILTER_LABELS[choice]} onChange={setFilter} />
      </fieldset>
      <div class="users-table">
        <DataTable
          label="Users"
          columns={columns}
          rows={rows}
          rowKey={(user) => user.id}
          loading={loading}
          error={error}
          onRetry={reload}
          empty="No user matches."
        />
      </div>
      {resetting && (
        <ConfirmDialog
          title={`Reset the password of ${resetting.username}?`}
          message={
            <p>
              They are signed out at once. You get a one-time password to give them; they must choose their own when
              they next sign in.
            </p>
          }
          confirmLabel="Reset password"
          danger
          onConfirm={() => {
            const user = resetting;
            setResetting(undefined);
            resetPassword(user);
          }}
          onCancel={() => setResetting(undefined)}
        />
      )}
      {temporary && (
        <ConfirmDialog
          title={`One-time password for ${temporary.username}`}
          message={
            <>
              <p>Give it to them over a channel you trust. It is shown only now.</p>
              <p>
                <code class="temporary-password">{temporary.password}</code>
              </p>
            </>
          }
          confirmLabel="Done"
          onConfirm={() => setTemporary(undefined)}
          onCancel={() => setTemporary(undefined)}
        />
      )}
      {disabling && (
        <ConfirmDialog
          title={`Disable ${disabling.username}?`}
          message={<p>They are signed out at once and cannot sign in until an admin enables the account again.</p>}
          confirmLabel="Disable"
          danger
          onConfirm={() => {
            const user = disabling;
            setDisabling(undefined);
            change(user, { enabled: false }, `${user.username} is disabled and was signed out.`);
          }}
          onCancel={() => setDisabling(undefined)}
        />
      )}
    </>
  );
}

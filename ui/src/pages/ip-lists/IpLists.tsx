/**
 * IP lists (/ip-lists): named allow and deny lists of addresses and networks. Each list is a Sigma
 * placeholder of its name; allow lists can be named by exceptions. `?list=<id>` opens one.
 */
import { useState } from "preact/hooks";
import { type IpList, ipListsApi } from "../../api/ip-lists";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, SuccessNotice } from "../../components/Feedback";
import { ConfirmDialog } from "../../components/Modal";
import { WhoAndWhen } from "../../components/Time";
import { hasRole } from "../../roles";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { booleanParam, numberParam, setQueryParams, useQueryState } from "../../url-state";
import { useAction } from "../../use-action";
import { useApi } from "../../use-api";
import { IpListEditor } from "./IpListEditor";
import { IpListForm } from "./IpListForm";
import "./ip-lists.css";

const openParam = numberParam(0);
const newParam = booleanParam(false);

export function IpLists() {
  useDocumentTitle("IP lists");
  const { user } = useSession();
  const canWrite = hasRole(user.role, "analyst");
  const [openId, setOpenId] = useQueryState("list", openParam);
  const [adding, setAdding] = useQueryState("new", newParam);
  const [removing, setRemoving] = useState<IpList>();
  const { busy, failure, run } = useAction();
  const [notice, setNotice] = useState<string>();

  const lists = useApi((signal) => ipListsApi.list({ signal }), []);
  const rows = lists.data?.lists ?? [];
  const open = rows.find((list) => list.id === openId);

  const remove = (list: IpList) =>
    run(async () => {
      await ipListsApi.remove(list.id);
      setRemoving(undefined);
      setNotice(`Deleted the list ${list.name}.`);
      if (openId === list.id) setQueryParams({ list: null });
      lists.reload();
    });

  const columns: Column<IpList>[] = [
    {
      id: "name",
      header: "Name",
      cell: (list) => (
        <button
          type="button"
          class="ip-list-open mono"
          aria-label={`Open ${list.name}`}
          onClick={() => setOpenId(list.id, { push: true })}
        >
          {list.name}
        </button>
      ),
    },
    { id: "kind", header: "Kind", cell: (list) => <span class={`ip-list-kind ${list.kind}`}>{list.kind}</span> },
    {
      id: "entries",
      header: "Entries",
      cell: (list) => list.entry_count.toLocaleString(),
      class: "num",
      width: "5rem",
    },
    {
      id: "description",
      header: "Description",
      cell: (list) => list.description || <span class="muted">—</span>,
    },
    {
      id: "updated",
      header: "Updated",
      cell: (list) => <WhoAndWhen who={list.updated_by} at={list.updated_at} />,
      width: "8rem",
    },
  ];
  if (canWrite) {
    columns.push({
      id: "delete",
      header: <span class="visually-hidden">Delete</span>,
      cell: (list) => (
        <button
          type="button"
          class="button small"
          aria-label={`Delete list ${list.name}`}
          onClick={() => setRemoving(list)}
        >
          Delete
        </button>
      ),
    });
  }

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">IP lists</h1>
        {canWrite && !adding && (
          <button type="button" class="button primary" onClick={() => setAdding(true, { push: true })}>
            New list
          </button>
        )}
      </div>
      <p class="muted">
        Named lists of IP addresses and CIDR networks. A Sigma rule uses one as the placeholder of its name (
        <code>DestinationIp|expand|cidr: '%deny_ips%'</code>); the bundled rules alert on connections to and from the{" "}
        <code>deny_ips</code> list. An exception with the value <code>@list:name</code> silences hits whose address is
        in that allow list.
      </p>
      <SuccessNotice message={notice} />
      <ErrorBanner error={failure} />
      {adding && canWrite && (
        <IpListForm
          onCreated={(list) => {
            setNotice(`Created the list ${list.name}.`);
            setQueryParams({ new: null, list: String(list.id) });
            lists.reload();
          }}
          onCancel={() => setQueryParams({ new: null })}
        />
      )}
      {open && (
        <IpListEditor
          key={open.id}
          list={open}
          canWrite={canWrite}
          onSaved={(_, message) => {
            setNotice(message);
            lists.reload();
          }}
          onClose={() => setQueryParams({ list: null })}
        />
      )}
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(list) => list.id}
        label="IP lists"
        loading={lists.loading}
        error={lists.error}
        onRetry={lists.reload}
        empty="No IP lists yet. Create deny_ips to alert on connections to known bad addresses."
      />
      {removing && (
        <ConfirmDialog
          title="Delete this list?"
          message={
            <p>
              The list <code>{removing.name}</code> and its {removing.entry_count.toLocaleString()} entries will be
              deleted. Rules that use <code>%{removing.name}%</code> stop compiling unless it is <code>deny_ips</code>,
              which then matches nothing.
            </p>
          }
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => remove(removing)}
          onCancel={() => setRemoving(undefined)}
        />
      )}
    </>
  );
}

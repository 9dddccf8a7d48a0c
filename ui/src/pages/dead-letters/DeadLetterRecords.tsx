import type { DeadLetterRecord } from "../../api/dead-letters";
import { deadLettersApi } from "../../api/dead-letters";
import { type Column, DataTable } from "../../components/DataTable";
import { Modal } from "../../components/Modal";
import { useApi } from "../../use-api";

const columns: Column<DeadLetterRecord>[] = [
  { id: "index", header: "#", class: "num", cell: (record) => record.index },
  { id: "host", header: "Host", cell: (record) => record.host ?? "" },
  { id: "dataset", header: "Dataset", cell: (record) => record.dataset ?? "" },
  { id: "code", header: "Code", cell: (record) => record.event_code ?? "" },
  { id: "bytes", header: "Bytes", class: "num", cell: (record) => record.bytes },
  {
    id: "record",
    header: "Record",
    width: "28rem",
    class: "mono",
    cell: (record) => (
      <span class="dead-letter-record">
        {record.error && <span class="dead-letter-error">{record.error}</span>}
        <span title={record.preview}>{record.preview}</span>
      </span>
    ),
  },
];

/** The records of one dead letter, as the ingest path reads them now (text only: they are attacker-controlled). */
export function DeadLetterRecords({ id, onClose }: { id: number; onClose: () => void }) {
  const { data, error, loading, reload } = useApi((signal) => deadLettersApi.get(id, { signal }), [id]);
  return (
    <Modal title={`Dead letter ${id}: records`} onClose={onClose} size="wide">
      {data && (
        <p class="muted">
          Batch <span class="mono">{data.dead_letter.batch_id ?? "(not an ingest part)"}</span>,{" "}
          {data.dead_letter.record_count} record(s)
          {data.rejected > 0 ? `, ${data.rejected} rejected when the batch arrived` : ""}.
        </p>
      )}
      <DataTable
        label={`Records of dead letter ${id}`}
        columns={columns}
        rows={data?.records ?? []}
        rowKey={(record) => record.index}
        loading={loading}
        error={error}
        onRetry={reload}
        empty="This dead letter holds no records."
      />
    </Modal>
  );
}

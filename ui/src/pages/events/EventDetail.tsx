/**
 * One event in a side panel: every field, the indexed columns by ECS name and the raw record
 * flattened. Each value opens a menu (filter for / out, add to the false-positive filter, copy) and
 * each field can be shown as a table column. Escape or the close button closes it.
 */
import { useEffect, useRef } from "preact/hooks";
import { eventsApi } from "../../api/events";
import { ErrorBanner, Loading } from "../../components/Feedback";
import { ValueMenu } from "../../components/ValueMenu";
import { formatAbsolute } from "../../time";
import { useApi } from "../../use-api";
import { columnFields, type EventField, rawFields } from "./event-fields";

export interface ValueActions {
  filter: (field: string, value: string, exclude: boolean) => void;
  /** Absent for viewers, who may not add exceptions. */
  addException?: (field: string, value: string) => void;
}

interface EventDetailProps {
  id: number;
  columns: readonly string[];
  onToggleColumn: (field: string) => void;
  actions: ValueActions;
  onClose: () => void;
}

export function EventDetail({ id, columns, onToggleColumn, actions, onClose }: EventDetailProps) {
  const { data, error, loading, reload } = useApi((signal) => eventsApi.get(id, { signal }), [id]);
  const panelRef = useRef<HTMLElement>(null);
  const event = data?.event;

  useEffect(() => {
    panelRef.current?.focus();
  }, [id]);

  const onKeyDown = (keyEvent: KeyboardEvent) => {
    if (keyEvent.key === "Escape" && !keyEvent.defaultPrevented) {
      keyEvent.preventDefault();
      onClose();
    }
  };

  return (
    <aside ref={panelRef} class="event-detail" aria-label={`Event ${id}`} tabIndex={-1} onKeyDown={onKeyDown}>
      <header class="event-detail-header">
        <div>
          <h2>{event ? `${event.action ?? event.dataset} on ${event.host ?? "unknown host"}` : `Event ${id}`}</h2>
          {event && <p class="muted mono">{formatAbsolute(event["@timestamp"])}</p>}
        </div>
        <button type="button" class="icon-button" aria-label="Close event" onClick={onClose}>
          ×
        </button>
      </header>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !event && <Loading />}
      {event && (
        <div class="event-detail-body">
          <FieldList
            title="Event"
            fields={columnFields(event)}
            columns={columns}
            onToggleColumn={onToggleColumn}
            actions={actions}
          />
          <FieldList
            title="Record"
            fields={rawFields(event)}
            columns={columns}
            onToggleColumn={onToggleColumn}
            actions={actions}
          />
        </div>
      )}
    </aside>
  );
}

interface FieldListProps {
  title: string;
  fields: readonly EventField[];
  columns: readonly string[];
  onToggleColumn: (field: string) => void;
  actions: ValueActions;
}

function FieldList({ title, fields, columns, onToggleColumn, actions }: FieldListProps) {
  return (
    <section>
      <h3 class="event-detail-section">{title}</h3>
      <table class="field-table">
        <tbody>
          {fields.map((field, index) => {
            const shown = columns.includes(field.name);
            const { addException } = actions;
            return (
              <tr key={`${field.name}\u0000${index}`}>
                <td class="field-toggle">
                  <button
                    type="button"
                    class={shown ? "column-toggle on" : "column-toggle"}
                    aria-pressed={shown}
                    aria-label={`${shown ? "Remove" : "Show"} column ${field.name}`}
                    title={`${shown ? "Remove" : "Show"} as a table column`}
                    onClick={() => onToggleColumn(field.name)}
                  >
                    ▦
                  </button>
                </td>
                <th scope="row" class="field-name mono">
                  {field.name}
                </th>
                <td class="field-value mono">
                  {field.actionable ? (
                    <ValueMenu
                      value={field.value}
                      field={field.name}
                      onFilterFor={(value) => actions.filter(field.name, value, false)}
                      onFilterOut={(value) => actions.filter(field.name, value, true)}
                      onAddException={addException && ((value) => addException(field.name, value))}
                    />
                  ) : (
                    <ValueMenu value={field.value} field={field.name} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

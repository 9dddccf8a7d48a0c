/** Loading, error and badge bits every page shows the same way. */
import type { AlertStatus } from "../api/alerts";
import { errorText } from "../api/client";
import type { RuleLevel } from "../api/rules";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p class="loading muted" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An error as a red banner with the API's message; `onRetry` adds a "Try again" button. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="error error-banner" role="alert">
      <span>{errorText(error)}</span>
      {onRetry && (
        <button type="button" class="button small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What an action just did, announced politely; nothing while there is no message. */
export function SuccessNotice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="success" role="status">
      {message}
    </p>
  );
}

/** A form's refusal as a line under its fields; nothing while there is none. */
export function FormError({ message, class: extra }: { message: string | undefined; class?: string }) {
  if (!message) return null;
  return (
    <p class={extra ? `error ${extra}` : "error"} role="alert">
      {message}
    </p>
  );
}

export function LevelBadge({ level }: { level: RuleLevel | string | null }) {
  const name = level ?? "none";
  return <span class={`badge level-${name}`}>{name}</span>;
}

const STATUS_LABELS: Record<AlertStatus, string> = {
  open: "open",
  acknowledged: "acknowledged",
  closed: "closed",
  false_positive: "false positive",
};

export function StatusBadge({ status }: { status: AlertStatus | string }) {
  return <span class={`badge status-${status}`}>{STATUS_LABELS[status as AlertStatus] ?? status}</span>;
}

import { useState } from "preact/hooks";
import { errorText } from "../../api/client";
import {
  type NotificationTarget,
  type NotifyFormat,
  notificationsApi,
  type TargetSettings,
} from "../../api/notifications";
import { RULE_LEVELS, type RuleLevel } from "../../api/rules";
import { FormError } from "../../components/Feedback";
import { Modal } from "../../components/Modal";

interface TargetFormProps {
  /** The target to edit; absent to create one. */
  target?: NotificationTarget;
  onSaved: (target: NotificationTarget) => void;
  onClose: () => void;
}

const FORM_ID = "notification-target-form";

/** Only what changed goes to the API, so an edit never resends (or clears) a secret by accident. */
function changedSettings(target: NotificationTarget | undefined, form: TargetSettings): TargetSettings {
  if (!target) return form;
  const changes: TargetSettings = {};
  if (form.name !== target.name) changes.name = form.name;
  if (form.url !== target.url) changes.url = form.url;
  if (form.format !== target.format) changes.format = form.format;
  if (form.min_level !== target.min_level) changes.min_level = form.min_level;
  if (form.enabled !== target.enabled) changes.enabled = form.enabled;
  if (form.secret !== undefined) changes.secret = form.secret;
  return changes;
}

export function TargetForm({ target, onSaved, onClose }: TargetFormProps) {
  const [name, setName] = useState(target?.name ?? "");
  const [url, setUrl] = useState(target?.url ?? "");
  const [format, setFormat] = useState<NotifyFormat>(target?.format ?? "generic");
  const [minLevel, setMinLevel] = useState<RuleLevel>(target?.min_level ?? "high");
  const [enabled, setEnabled] = useState(target?.enabled ?? true);
  const [secret, setSecret] = useState("");
  const [removeSecret, setRemoveSecret] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const hasSecret = target?.has_secret ?? false;
  // A Slack URL is its own secret: switching a signed target to Slack drops the signing secret.
  const secretSetting = (): string | null | undefined => {
    if (format === "slack") return hasSecret ? null : undefined;
    if (removeSecret) return null;
    return secret === "" ? undefined : secret;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const form: TargetSettings = { name: name.trim(), url: url.trim(), format, min_level: minLevel, enabled };
    const secretValue = secretSetting();
    if (secretValue !== undefined) form.secret = secretValue;
    const changes = changedSettings(target, form);
    if (target && Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const answer = target
        ? await notificationsApi.update(target.id, changes)
        : await notificationsApi.create(changes);
      onSaved(answer.target);
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={target ? `Edit "${target.name}"` : "New notification target"}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} class="button primary" disabled={busy}>
            {busy ? "Saving…" : target ? "Save" : "Create target"}
          </button>
        </>
      }
    >
      <form id={FORM_ID} class="form target-form" onSubmit={submit}>
        <div class="field">
          <label for="target-name">Name</label>
          <input
            id="target-name"
            required
            maxLength={128}
            value={name}
            autoComplete="off"
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="target-url">Webhook URL</label>
          <input
            id="target-url"
            type="url"
            required
            maxLength={2048}
            placeholder="https://hooks.example.com/edgesiem"
            value={url}
            autoComplete="off"
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
          <p class="muted field-hint">
            HTTPS only (plain HTTP only to localhost): alerts carry hosts, users and commands.
          </p>
        </div>
        <div class="target-form-row">
          <div class="field">
            <label for="target-format">Format</label>
            <select
              id="target-format"
              class="input"
              value={format}
              onChange={(event) => setFormat(event.currentTarget.value as NotifyFormat)}
            >
              <option value="generic">generic (JSON, optionally signed)</option>
              <option value="slack">slack (incoming webhook)</option>
            </select>
          </div>
          <div class="field">
            <label for="target-level">Minimum level</label>
            <select
              id="target-level"
              class="input"
              value={minLevel}
              onChange={(event) => setMinLevel(event.currentTarget.value as RuleLevel)}
            >
              {RULE_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          </div>
        </div>
        {format === "generic" && (
          <div class="field">
            <label for="target-secret">Signing secret {hasSecret ? "(set)" : "(optional)"}</label>
            <input
              id="target-secret"
              type="password"
              minLength={16}
              maxLength={256}
              autoComplete="new-password"
              placeholder={hasSecret ? "Leave empty to keep the current secret" : "16 to 256 characters"}
              value={secret}
              disabled={removeSecret}
              onInput={(event) => setSecret(event.currentTarget.value)}
            />
            <p class="muted field-hint">
              Each delivery then carries <code>{"X-EdgeSIEM-Signature: sha256=<HMAC of the body>"}</code>, so the
              receiver can check it came from here.
            </p>
            {hasSecret && (
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={removeSecret}
                  onChange={(event) => setRemoveSecret(event.currentTarget.checked)}
                />
                Remove the secret
              </label>
            )}
          </div>
        )}
        <label class="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
          Enabled
        </label>
        <FormError message={error} />
      </form>
    </Modal>
  );
}

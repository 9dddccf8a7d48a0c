import { useState } from "preact/hooks";
import { authApi } from "../api/auth";
import { AuthLayout } from "../components/AuthLayout";
import { ErrorBanner, SuccessNotice } from "../components/Feedback";
import { Field } from "../components/Field";
import { useDocumentTitle } from "../router";

/** The rules the server applies (worker/auth/password-policy.ts), said before they refuse. */
const RULES = "At least 12 characters, not your username and not a common password.";

/** Current, new and repeated password; `onChanged` runs once the server took the new one. */
export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    if (next !== repeat) {
      setError(new Error("the two new passwords differ"));
      return;
    }
    setSaving(true);
    try {
      await authApi.changePassword(current, next);
      setCurrent("");
      setNext("");
      setRepeat("");
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="form" onSubmit={onSubmit}>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <Field label="New password" type="password" autoComplete="new-password" value={next} onValue={setNext} />
      <Field
        label="New password again"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onValue={setRepeat}
      />
      <p class="muted">{RULES}</p>
      <ErrorBanner error={error} />
      <button type="submit" class="button primary" disabled={saving}>
        {saving ? "Saving…" : "Change password"}
      </button>
    </form>
  );
}

/** Shown instead of the dashboard while an admin-reset password waits to be replaced. */
export function PasswordChangeRequired({ onChanged, onSignOut }: { onChanged: () => void; onSignOut: () => void }) {
  useDocumentTitle("Choose a new password");
  return (
    <AuthLayout
      title="Choose a new password"
      footer={
        <button type="button" class="button" onClick={onSignOut}>
          Sign out
        </button>
      }
    >
      <p>Your password was reset. Choose your own before you go on.</p>
      <PasswordForm onChanged={onChanged} />
    </AuthLayout>
  );
}

/** The signed-in user's own settings: for now, their password. */
export function Account() {
  useDocumentTitle("Account");
  const [notice, setNotice] = useState<string>();
  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Account</h1>
      </div>
      <section class="card account-card">
        <h2>Password</h2>
        <p class="muted">Changing it signs you out everywhere else.</p>
        <SuccessNotice message={notice} />
        <PasswordForm onChanged={() => setNotice("Password changed; your other sessions were signed out.")} />
      </section>
    </>
  );
}

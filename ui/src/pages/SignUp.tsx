import { useEffect, useRef, useState } from "preact/hooks";
import { authApi as api, type SignupStatus } from "../api/auth";
import { ApiError } from "../api/client";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { Link } from "../components/Link";
import { useDocumentTitle } from "../router";

const CREATED_MESSAGE: Record<SignupStatus, string> = {
  pending: "Account created, waiting for an administrator's approval.",
  active: "Account created. You can sign in now.",
};

export function SignUp() {
  useDocumentTitle("Sign up");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<SignupStatus>();
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => usernameRef.current?.focus(), []);

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (password !== confirmation) {
      setError("The two passwords differ.");
      return;
    }
    setSubmitting(true);
    setError(undefined);
    try {
      const { status } = await api.signup(username, password);
      setCreated(status);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 403) {
        setError("Sign-up is disabled on this server. Ask an administrator for an account.");
      } else {
        setError(failure instanceof Error ? failure.message : String(failure));
      }
      setSubmitting(false);
    }
  };

  const footer = (
    <>
      Already have an account? <Link href="/signin">Sign in</Link>
    </>
  );

  if (created) {
    return (
      <AuthLayout title="Sign up" footer={footer}>
        <p role="status" class="success">
          {CREATED_MESSAGE[created]}
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Create an account" footer={footer}>
      <form class="form" onSubmit={onSubmit}>
        <Field label="Username" autoComplete="username" value={username} onValue={setUsername} inputRef={usernameRef} />
        <Field label="Password" type="password" autoComplete="new-password" value={password} onValue={setPassword} />
        <Field
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onValue={setConfirmation}
        />
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={submitting}>
          {submitting ? "Creating account…" : "Create account"}
        </button>
      </form>
    </AuthLayout>
  );
}

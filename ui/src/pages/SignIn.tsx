import { useEffect, useRef, useState } from "preact/hooks";
import { authApi as api, type SsoMethods, type User } from "../api/auth";
import { ApiError } from "../api/client";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { Link } from "../components/Link";
import { useDocumentTitle } from "../router";

export function SignIn({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  useDocumentTitle("Sign in");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const [sso, setSso] = useState<SsoMethods>();

  useEffect(() => usernameRef.current?.focus(), []);
  useEffect(() => {
    // Without SSO (or when the server cannot say) the page is the password form alone.
    api.ssoMethods().then(setSso, () => undefined);
  }, []);

  const onSso = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const { user } = await api.ssoLogin();
      onSignedIn(user);
    } catch (failure) {
      setError(describeFailure(failure));
      setSubmitting(false);
    }
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const { user } = await api.login(username, password);
      onSignedIn(user);
    } catch (failure) {
      setError(describeFailure(failure));
      setPassword("");
      setSubmitting(false);
      passwordRef.current?.focus();
    }
  };

  return (
    <AuthLayout
      title="Sign in"
      footer={
        <>
          No account yet? <Link href="/signup">Sign up</Link>
        </>
      }
    >
      <form class="form" onSubmit={onSubmit}>
        <Field label="Username" autoComplete="username" value={username} onValue={setUsername} inputRef={usernameRef} />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          inputRef={passwordRef}
        />
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {sso?.enabled && (
        <div class="sso">
          <p class="muted">or</p>
          <button type="button" class="button" disabled={submitting} onClick={onSso}>
            {sso.provider === "cloudflare-access" ? "Sign in with Cloudflare Access" : "Sign in with single sign-on"}
          </button>
        </div>
      )}
    </AuthLayout>
  );
}

function describeFailure(failure: unknown): string {
  if (!(failure instanceof Error)) return String(failure);
  if (failure instanceof ApiError && failure.retryAfterSeconds !== undefined) {
    const minutes = Math.max(1, Math.ceil(failure.retryAfterSeconds / 60));
    return `${failure.message} (wait ${minutes} minute${minutes === 1 ? "" : "s"})`;
  }
  return failure.message;
}

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useSession } from "../session";
import { Link } from "./Link";
import { Logo } from "./Logo";
import { ThemeToggle } from "./ThemeToggle";

/** The signed-in frame: top bar with who is signed in, and the page below it. */
export function Shell({ children }: { children: ComponentChildren }) {
  const { user, signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string>();

  const onSignOut = async () => {
    setSigningOut(true);
    setError(undefined);
    try {
      await signOut();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setSigningOut(false);
    }
  };

  return (
    <div class="shell">
      <header class="topbar">
        <Link href="/" class="brand">
          <Logo />
          <span class="brand-name">EdgeSIEM</span>
        </Link>
        <div class="topbar-end">
          {error && (
            <p role="alert" class="error topbar-error">
              Sign-out failed: {error}
            </p>
          )}
          <p class="who">
            <span class="visually-hidden">Signed in as </span>
            <span class="who-name">{user.username}</span> <span class={`role role-${user.role}`}>{user.role}</span>
          </p>
          <ThemeToggle />
          <button type="button" class="button" onClick={onSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <main class="content">{children}</main>
    </div>
  );
}

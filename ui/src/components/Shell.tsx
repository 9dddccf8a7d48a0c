import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { hasRole } from "../roles";
import { usePath } from "../router";
import { NAV } from "../routes";
import { useSession } from "../session";
import { Link } from "./Link";
import { Logo } from "./Logo";
import { ThemeToggle } from "./ThemeToggle";

/** The signed-in frame: top bar with who is signed in, the role-aware sidebar, and the page. */
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
            <Link href="/account" class="who-name" title="Your account and password">
              {user.username}
            </Link>{" "}
            <span class={`role role-${user.role}`}>{user.role}</span>
          </p>
          <ThemeToggle />
          <button type="button" class="button" onClick={onSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <div class="shell-body">
        <SideNav />
        <main class="content">{children}</main>
      </div>
    </div>
  );
}

function SideNav() {
  const { user } = useSession();
  const path = usePath();
  const current = (href: string) => (href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`));
  return (
    <nav class="sidenav" aria-label="Main">
      {NAV.map((group) => {
        const items = group.items.filter((item) => hasRole(user.role, item.role));
        if (items.length === 0) return null;
        return (
          <div class="sidenav-group" key={group.label}>
            <p class="sidenav-heading">{group.label}</p>
            <ul>
              {items.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} class="sidenav-link" current={current(item.href)}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

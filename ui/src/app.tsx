import { Fragment } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { authApi as api, type User } from "./api/auth";
import { ApiError, setUnauthorizedHandler } from "./api/client";
import { Shell } from "./components/Shell";
import { PasswordChangeRequired } from "./pages/ChangePassword";
import { Forbidden, NotFound } from "./pages/NotFound";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { hasRole } from "./roles";
import { matchPath, navigate, nextPath, usePath } from "./router";
import { ROUTES } from "./routes";
import { type Session, SessionContext } from "./session";

const PUBLIC_PATHS = new Set(["/signin", "/signup"]);

/** Who is signed in: `undefined` while /auth/me has not answered yet, `null` for nobody. */
type UserState = User | null | undefined;

export function App() {
  const path = usePath();
  const [user, setUser] = useState<UserState>(undefined);
  const [loadError, setLoadError] = useState<string>();

  const loadUser = useCallback(() => {
    setLoadError(undefined);
    api.me().then(
      ({ user }) => setUser(user),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setUser(null);
        else setLoadError(error instanceof Error ? error.message : String(error));
      },
    );
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    loadUser();
    return () => setUnauthorizedHandler(undefined);
  }, [loadUser]);

  const isPublic = PUBLIC_PATHS.has(path);
  useEffect(() => {
    if (user === null && !isPublic) {
      const here = location.pathname + location.search;
      navigate(here === "/" ? "/signin" : `/signin?next=${encodeURIComponent(here)}`, { replace: true });
    } else if (user && isPublic) {
      navigate(nextPath(), { replace: true });
    }
  }, [user, isPublic]);

  const session = useMemo<Session | undefined>(() => {
    if (!user) return undefined;
    return {
      user,
      signOut: async () => {
        try {
          await api.logout();
        } catch (error) {
          // A session that already ended is as signed out as one ended here.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        navigate("/signin");
        setUser(null);
      },
    };
  }, [user]);

  if (loadError) {
    return (
      <main class="centered">
        <div class="card">
          <h1>EdgeSIEM is unavailable</h1>
          <p role="alert" class="error">
            {loadError}
          </p>
          <button type="button" class="button primary" onClick={loadUser}>
            Try again
          </button>
        </div>
      </main>
    );
  }

  if (user === undefined) {
    return (
      <main class="centered" aria-busy="true">
        <p class="muted">Loading…</p>
      </main>
    );
  }

  if (!session) {
    if (path === "/signup") return <SignUp />;
    if (path === "/signin") return <SignIn onSignedIn={setUser} />;
    return null;
  }

  if (isPublic) return null;
  if (session.user.must_change_password) {
    return <PasswordChangeRequired onChanged={loadUser} onSignOut={() => void session.signOut()} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell>
        <RoutedPage path={path} user={session.user} />
      </Shell>
    </SessionContext.Provider>
  );
}

function RoutedPage({ path, user }: { path: string; user: User }) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (!hasRole(user.role, route.role)) return <Forbidden role={route.role} />;
    // Keyed by pattern: moving between two pages resets state, moving within one (a new :id) keeps it.
    return <Fragment key={route.path}>{route.view(params)}</Fragment>;
  }
  return <NotFound />;
}

/**
 * Light and dark themes. Without a stored choice the page follows `prefers-color-scheme` (the CSS
 * does that by itself); a choice made with the toggle is kept in localStorage and wins.
 */
import { useEffect, useState } from "preact/hooks";

export type Theme = "light" | "dark";

const STORAGE_KEY = "edgesiem.theme";
const darkQuery = matchMedia("(prefers-color-scheme: dark)");

function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : undefined;
  } catch {
    // Storage can be blocked (privacy settings); the system preference still applies.
    return undefined;
  }
}

function systemTheme(): Theme {
  return darkQuery.matches ? "dark" : "light";
}

/** Puts the stored choice, if any, on <html data-theme>, where the stylesheet reads it. */
export function applyStoredTheme(): void {
  const theme = storedTheme();
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setThemeState] = useState<Theme>(() => storedTheme() ?? systemTheme());

  useEffect(() => {
    const follow = () => setThemeState(storedTheme() ?? systemTheme());
    darkQuery.addEventListener("change", follow);
    return () => darkQuery.removeEventListener("change", follow);
  }, []);

  const setTheme = (next: Theme) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits, but the page still switches.
    }
    document.documentElement.dataset.theme = next;
    setThemeState(next);
  };

  return [theme, setTheme];
}

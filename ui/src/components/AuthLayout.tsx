import type { ComponentChildren } from "preact";
import { Logo } from "./Logo";
import { ThemeToggle } from "./ThemeToggle";

interface AuthLayoutProps {
  title: string;
  children: ComponentChildren;
  footer: ComponentChildren;
}

/** The frame of the pages seen before signing in: one centred card under the product name. */
export function AuthLayout({ title, children, footer }: AuthLayoutProps) {
  return (
    <div class="auth-page">
      <div class="auth-corner">
        <ThemeToggle />
      </div>
      <main class="auth-main">
        <p class="brand brand-large">
          <Logo />
          EdgeSIEM
        </p>
        <div class="card">
          <h1>{title}</h1>
          {children}
        </div>
        <p class="auth-footer">{footer}</p>
      </main>
    </div>
  );
}

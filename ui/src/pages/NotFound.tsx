import type { Role } from "../api/auth";
import { Link } from "../components/Link";
import { useDocumentTitle } from "../router";

export function NotFound() {
  useDocumentTitle("Not found");
  return (
    <>
      <h1 class="page-title">Page not found</h1>
      <p>
        There is no page at <code>{location.pathname}</code>. <Link href="/">Go to the home page</Link>.
      </p>
    </>
  );
}

export function Forbidden({ role }: { role: Role }) {
  useDocumentTitle("Not allowed");
  return (
    <>
      <h1 class="page-title">Not allowed</h1>
      <p>
        This page needs the <strong>{role}</strong> role. <Link href="/">Go to the home page</Link>.
      </p>
    </>
  );
}

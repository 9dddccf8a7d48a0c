import { useDocumentTitle } from "../router";

/** Stands in for a page whose helper has not landed yet; each page replaces its use in routes.tsx. */
export function Pending({ title }: { title: string }) {
  useDocumentTitle(title);
  return (
    <>
      <h1 class="page-title">{title}</h1>
      <p class="muted" role="status">
        This page is not built yet.
      </p>
    </>
  );
}

/**
 * Every signed-in page: its URL pattern, who may open it, and how it renders. Order matters: the
 * first matching pattern wins, so `/rules/new` comes before `/rules/:id`.
 * A page helper replaces its `<Pending …/>` with its page component.
 */
import type { ComponentChildren } from "preact";
import type { Role } from "./api/auth";
import { Home } from "./pages/Home";
import { Pending } from "./pages/Pending";
import type { Params } from "./router";

export interface Route {
  path: string;
  /** Least role that may open the page; the API enforces the same on its side. */
  role: Role;
  view: (params: Params) => ComponentChildren;
}

export const ROUTES: readonly Route[] = [
  { path: "/", role: "viewer", view: () => <Home /> },
  { path: "/events", role: "viewer", view: () => <Pending title="Events" /> },
  { path: "/views/logins", role: "viewer", view: () => <Pending title="Logins" /> },
  { path: "/views/processes", role: "viewer", view: () => <Pending title="Processes" /> },
  { path: "/views/files", role: "viewer", view: () => <Pending title="Files" /> },
  { path: "/views/network", role: "viewer", view: () => <Pending title="Network" /> },
  { path: "/views/other", role: "viewer", view: () => <Pending title="Other events" /> },
  { path: "/views/submissions", role: "viewer", view: () => <Pending title="Submissions" /> },
  { path: "/alerts", role: "viewer", view: () => <Pending title="Alerts" /> },
  { path: "/alerts/:id", role: "viewer", view: (p) => <Pending title={`Alert ${p.id}`} /> },
  { path: "/rules", role: "viewer", view: () => <Pending title="Rules" /> },
  { path: "/rules/new", role: "analyst", view: () => <Pending title="New rule" /> },
  { path: "/rules/:id", role: "viewer", view: (p) => <Pending title={`Rule ${p.id}`} /> },
  { path: "/exceptions", role: "viewer", view: () => <Pending title="Exceptions" /> },
  { path: "/hosts", role: "viewer", view: () => <Pending title="Hosts" /> },
  { path: "/tokens", role: "admin", view: () => <Pending title="Agent tokens" /> },
  { path: "/users", role: "admin", view: () => <Pending title="Users" /> },
  { path: "/notifications", role: "admin", view: () => <Pending title="Notifications" /> },
];

export interface NavItem {
  href: string;
  label: string;
  role: Role;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/** The sidebar, in order; items above the user's role are not shown. */
export const NAV: readonly NavGroup[] = [
  {
    label: "Monitor",
    items: [
      { href: "/", label: "Overview", role: "viewer" },
      { href: "/events", label: "Events", role: "viewer" },
      { href: "/alerts", label: "Alerts", role: "viewer" },
      { href: "/hosts", label: "Hosts", role: "viewer" },
    ],
  },
  {
    label: "Quick views",
    items: [
      { href: "/views/logins", label: "Logins", role: "viewer" },
      { href: "/views/processes", label: "Processes", role: "viewer" },
      { href: "/views/files", label: "Files", role: "viewer" },
      { href: "/views/network", label: "Network", role: "viewer" },
      { href: "/views/other", label: "Other events", role: "viewer" },
      { href: "/views/submissions", label: "Submissions", role: "viewer" },
    ],
  },
  {
    label: "Detection",
    items: [
      { href: "/rules", label: "Rules", role: "viewer" },
      { href: "/exceptions", label: "Exceptions", role: "viewer" },
    ],
  },
  {
    label: "Admin",
    items: [
      { href: "/tokens", label: "Tokens", role: "admin" },
      { href: "/users", label: "Users", role: "admin" },
      { href: "/notifications", label: "Notifications", role: "admin" },
    ],
  },
];

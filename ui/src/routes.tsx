/**
 * Every signed-in page: its URL pattern, who may open it, and how it renders. Order matters: the
 * first matching pattern wins, so `/rules/new` comes before `/rules/:id`.
 */
import type { ComponentChildren } from "preact";
import type { Role } from "./api/auth";
import { AlertPage } from "./pages/alerts/AlertPage";
import { AlertsList } from "./pages/alerts/AlertsList";
import { Audit } from "./pages/audit/Audit";
import { Account } from "./pages/ChangePassword";
import { Coverage } from "./pages/coverage/Coverage";
import { DeadLetters } from "./pages/dead-letters/DeadLetters";
import { Events } from "./pages/events/Events";
import { Exceptions } from "./pages/exceptions/Exceptions";
import { Hosts } from "./pages/hosts/Hosts";
import { Imports } from "./pages/imports/Imports";
import { IpLists } from "./pages/ip-lists/IpLists";
import { Notifications } from "./pages/notifications/Notifications";
import { Overview } from "./pages/overview/Overview";
import { NewRule } from "./pages/rules/NewRule";
import { NoisyRules } from "./pages/rules/NoisyRules";
import { RuleDetail } from "./pages/rules/RuleDetail";
import { RuleReleaseUpdate } from "./pages/rules/RuleReleaseUpdate";
import { RulesList } from "./pages/rules/RulesList";
import { Storage } from "./pages/storage/Storage";
import { Tokens } from "./pages/tokens/Tokens";
import { Users } from "./pages/users/Users";
import { QuickView } from "./pages/views/QuickView";
import { Submissions } from "./pages/views/Submissions";
import type { Params } from "./router";

export interface Route {
  path: string;
  /** Least role that may open the page; the API enforces the same on its side. */
  role: Role;
  view: (params: Params) => ComponentChildren;
}

export const ROUTES: readonly Route[] = [
  { path: "/", role: "viewer", view: () => <Overview /> },
  { path: "/account", role: "viewer", view: () => <Account /> },
  { path: "/events", role: "viewer", view: () => <Events /> },
  { path: "/views/logins", role: "viewer", view: () => <QuickView key="logins" name="logins" /> },
  { path: "/views/processes", role: "viewer", view: () => <QuickView key="processes" name="processes" /> },
  { path: "/views/files", role: "viewer", view: () => <QuickView key="files" name="files" /> },
  { path: "/views/network", role: "viewer", view: () => <QuickView key="network" name="network" /> },
  { path: "/views/other", role: "viewer", view: () => <QuickView key="other" name="other" /> },
  { path: "/views/submissions", role: "viewer", view: () => <Submissions /> },
  { path: "/alerts", role: "viewer", view: () => <AlertsList /> },
  { path: "/alerts/:id", role: "viewer", view: (p) => <AlertPage id={Number(p.id)} /> },
  { path: "/rules", role: "viewer", view: () => <RulesList /> },
  { path: "/rules/new", role: "analyst", view: () => <NewRule /> },
  { path: "/rules/noisy", role: "viewer", view: () => <NoisyRules /> },
  { path: "/rules/update", role: "admin", view: () => <RuleReleaseUpdate /> },
  { path: "/rules/:id", role: "viewer", view: (p) => <RuleDetail key={p.id} id={p.id ?? ""} /> },
  { path: "/exceptions", role: "viewer", view: () => <Exceptions /> },
  { path: "/coverage", role: "viewer", view: () => <Coverage /> },
  { path: "/ip-lists", role: "viewer", view: () => <IpLists /> },
  { path: "/hosts", role: "viewer", view: () => <Hosts /> },
  { path: "/imports", role: "viewer", view: () => <Imports /> },
  { path: "/tokens", role: "admin", view: () => <Tokens /> },
  { path: "/users", role: "admin", view: () => <Users /> },
  { path: "/notifications", role: "admin", view: () => <Notifications /> },
  { path: "/storage", role: "admin", view: () => <Storage /> },
  { path: "/dead-letters", role: "admin", view: () => <DeadLetters /> },
  { path: "/audit", role: "admin", view: () => <Audit /> },
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
      { href: "/imports", label: "Imports", role: "viewer" },
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
      { href: "/coverage", label: "Coverage", role: "viewer" },
      { href: "/ip-lists", label: "IP lists", role: "viewer" },
    ],
  },
  {
    label: "Admin",
    items: [
      { href: "/tokens", label: "Tokens", role: "admin" },
      { href: "/users", label: "Users", role: "admin" },
      { href: "/notifications", label: "Notifications", role: "admin" },
      { href: "/storage", label: "Storage", role: "admin" },
      { href: "/dead-letters", label: "Dead letters", role: "admin" },
      { href: "/audit", label: "Audit log", role: "admin" },
    ],
  },
];

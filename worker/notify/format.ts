/**
 * The bodies a webhook target receives: EdgeSIEM's own JSON, or a Slack-compatible message
 * (incoming webhooks of Slack, Mattermost, Rocket.Chat, ...). Pure: the caller sends them.
 */

import { iso } from "../model/iso-time.ts";
import type { NotifyFormat } from "../store/notification-schema.ts";
import type { AlertNotice } from "./types.ts";

export interface FormatOptions {
  /** The dashboard's origin (`https://siem.example.com`), to turn alert paths into links; null: paths only. */
  baseUrl: string | null;
  /** A test notice sent from the API rather than a real alert. */
  test: boolean;
}

export interface GenericAlert {
  id: number;
  rule_id: string;
  title: string;
  level: string;
  tags: string[];
  host: string | null;
  first_seen: string;
  last_seen: string;
  count: number;
  key_fields: Record<string, string>;
  link: string;
  /** The link joined to the dashboard's origin, when it is configured. */
  url: string | null;
}

export interface GenericPayload {
  source: "edgesiem";
  test: boolean;
  alerts: GenericAlert[];
}

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

/** Slack refuses messages over 50 blocks and sections over 3000 characters; a header takes 150. */
const SLACK_MAX_ALERTS = 20;
const SLACK_MAX_SECTION = 3000;
const SLACK_MAX_HEADER = 150;

function absoluteUrl(link: string, baseUrl: string | null): string | null {
  return baseUrl === null ? null : `${baseUrl.replace(/\/+$/, "")}${link}`;
}

export function genericPayload(alerts: readonly AlertNotice[], options: FormatOptions): GenericPayload {
  return {
    source: "edgesiem",
    test: options.test,
    alerts: alerts.map((alert) => ({
      id: alert.alertId,
      rule_id: alert.ruleId,
      title: alert.title,
      level: alert.level,
      tags: alert.tags,
      host: alert.host,
      first_seen: iso(alert.firstSeen),
      last_seen: iso(alert.lastSeen),
      count: alert.count,
      key_fields: alert.keyFields,
      link: alert.link,
      url: absoluteUrl(alert.link, options.baseUrl),
    })),
  };
}

/**
 * Alert text comes from log records, which an attacker can write: Slack reads `<...>` as links
 * and mentions (`<!channel>`), so the three characters its mrkdwn escapes are always escaped.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function alertSection(alert: AlertNotice, baseUrl: string | null): SlackBlock {
  const heading = `[${alert.level.toUpperCase()}] ${escapeMrkdwn(alert.title)}`;
  const url = absoluteUrl(alert.link, baseUrl);
  const lines = [url === null ? `*${heading}*` : `*<${url}|${heading}>*`];
  lines.push(
    [
      `host: ${escapeMrkdwn(alert.host ?? "unknown")}`,
      `count: ${alert.count}`,
      `first seen: ${iso(alert.firstSeen)}`,
      `last seen: ${iso(alert.lastSeen)}`,
    ].join(" · "),
  );
  if (alert.tags.length > 0) lines.push(`tags: ${escapeMrkdwn(alert.tags.join(", "))}`);
  for (const [name, value] of Object.entries(alert.keyFields)) {
    lines.push(`${escapeMrkdwn(name)}: ${escapeMrkdwn(value)}`);
  }
  return { type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), SLACK_MAX_SECTION) } };
}

function summary(alerts: readonly AlertNotice[], test: boolean): string {
  if (test) return "EdgeSIEM test notification";
  const [first] = alerts;
  if (alerts.length === 1 && first) {
    return `EdgeSIEM alert: [${first.level.toUpperCase()}] ${first.title}${first.host ? ` on ${first.host}` : ""}`;
  }
  return `EdgeSIEM: ${alerts.length} new alerts`;
}

export function slackPayload(alerts: readonly AlertNotice[], options: FormatOptions): SlackPayload {
  const text = summary(alerts, options.test);
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(text, SLACK_MAX_HEADER) } },
    ...alerts.slice(0, SLACK_MAX_ALERTS).map((alert) => alertSection(alert, options.baseUrl)),
  ];
  if (alerts.length > SLACK_MAX_ALERTS) {
    const more = alerts.length - SLACK_MAX_ALERTS;
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `and ${more} more alert${more === 1 ? "" : "s"}: see the dashboard` }],
    });
  }
  return { text: escapeMrkdwn(text), blocks };
}

export function renderPayload(format: NotifyFormat, alerts: readonly AlertNotice[], options: FormatOptions): string {
  return JSON.stringify(format === "slack" ? slackPayload(alerts, options) : genericPayload(alerts, options));
}

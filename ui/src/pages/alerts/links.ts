/** Where the alert pages link to. */
export const alertHref = (id: number) => `/alerts/${id}`;
export const ruleHref = (id: string) => `/rules/${encodeURIComponent(id)}`;
/** The Events page with its detail panel open on one event. */
export const eventHref = (id: number) => `/events?event=${id}`;
/**
 * The Events page listing the events an alert links, over its time span (the end is exclusive
 * there, so it reaches a millisecond past the last event).
 */
export const alertEventsHref = (id: number, firstSeen: string, lastSeen: string) =>
  `/events?alert=${id}&from=${encodeURIComponent(firstSeen)}&to=${encodeURIComponent(new Date(Date.parse(lastSeen) + 1).toISOString())}`;

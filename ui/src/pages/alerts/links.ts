/** Where the alert pages link to. */
export const alertHref = (id: number) => `/alerts/${id}`;
export const ruleHref = (id: string) => `/rules/${encodeURIComponent(id)}`;
/** The Events page with its detail panel open on one event. */
export const eventHref = (id: number) => `/events?event=${id}`;

/** Where one stored event opens: the Events page with its detail panel on that event. */
export function eventHref(eventId: number): string {
  return `/events?event=${eventId}`;
}

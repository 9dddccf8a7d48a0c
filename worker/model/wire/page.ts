/** One page of a cursor-paged list: pass `next_cursor` back as `cursor` for the next page. */
export interface CursorPage {
  next_cursor: string | null;
}

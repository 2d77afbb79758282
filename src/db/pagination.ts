/**
 * Keyset pagination over ULID ids, newest first: a page is read with
 * `id < cursor ORDER BY id DESC LIMIT limit + 1`, and the extra row tells
 * whether another page follows. The cursor is the last id of the page.
 */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

import type { FC } from "hono/jsx";
import type { View } from "../view.ts";

/** Newest first, a page at a time: "Next" carries the cursor, the filters stay in the link. */
export const Pagination: FC<{ v: View; path: string; query: URLSearchParams; nextCursor: string | null; isFirst: boolean }> = ({ v, path, query, nextCursor, isFirst }) => {
  if (!nextCursor && isFirst) return null;
  const link = (cursor: string | null) => {
    const params = new URLSearchParams(query);
    params.delete("cursor");
    if (cursor) params.set("cursor", cursor);
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
  return (
    <nav class="pagination" aria-label={v.t("pagination.label")}>
      {isFirst ? null : <a href={link(null)}>{v.t("pagination.first")}</a>}
      {nextCursor ? (
        <a href={link(nextCursor)} rel="next">
          {v.t("pagination.next")}
        </a>
      ) : null}
    </nav>
  );
};

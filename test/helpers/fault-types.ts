/**
 * What a fault of the plan (test/helpers/faults.ts) is, apart from the
 * plan itself, so that `npm run docs` can read the fault points
 * (test/reliability/fault-points.ts) in Node without the Workers types.
 */

/** The calls a fault can target, as `<binding>.<method>`. */
export type Call =
  | "FILES.get"
  | "FILES.put"
  | "FILES.head"
  | "FILES.delete"
  | "DB.run"
  | "DB.all"
  | "DB.first"
  | "DB.raw"
  | "DB.batch"
  | "INGEST_QUEUE.send"
  | "SCAN_QUEUE.sendBatch"
  | "OUTBOUND_QUEUE.send"
  | "SEND_EMAIL.send";

export interface Fault {
  call: Call;
  /** Only calls whose detail matches: the R2 key, the SQL (a batch's statements joined), the queue bodies as JSON, the recipient. */
  match?: RegExp;
  /** How many matching calls fail: 1 by default; Infinity fails until heal(). */
  times?: number;
  /** Matching calls let through before the first fails. */
  skip?: number;
  /** `before`: the call is not made. `after`: it is made, and its answer lost. */
  when?: "before" | "after";
  /** Each matching call fails with this probability (from the plan's seeded generator), instead of every one. */
  probability?: number;
}

import type { Fault } from "../helpers/fault-types.ts";

/**
 * Every write point of receiving, ingest, scanning, completing, sending and
 * event handling, with the fault injected there and what the Worker does
 * about it. test/reliability/faults.test.ts runs each one and shows the
 * account ends as in the run without faults; `npm run docs` writes this
 * list into docs/reliability.md (a test fails when it is stale), so the
 * table and the tests cannot drift apart.
 *
 * Found with `grep -n "FILES\.\|insert(\|update(\|\.send\|sendBatch\|batch(" src/inbound src/scan
 * src/purchase-invoices src/outbound src/jobs`; reads that decide what to write are included where
 * a failed read could make the Worker take a wrong turn.
 */
export interface FaultPoint {
  step: "receiving" | "sweep" | "ingest" | "scan" | "completion" | "sending" | "events";
  /** The write (or read) the fault hits, in words. */
  where: string;
  fault: Fault;
  /** What the Worker does, and how the mail or delivery still ends as without the fault. */
  happens: string;
  scenario: "receive" | "send";
  /** The sender's server does not retry (email() is called once). */
  senderGivesUp?: true;
  /** After the drain: the user retries the delivery (POST /v1/deliveries/{id}/retry). */
  userRetries?: true;
  /**
   * The send to the first recipient cannot be confirmed: it is not sent again
   * (at most once) and the history says so. `sent`: the mail did leave (its
   * later events cannot be matched); `not sent`: the attempt ended before it.
   */
  unconfirmed?: "sent" | "not sent";
}

const AFTER = "after" as const;

export const FAULT_POINTS: FaultPoint[] = [
  // --- email(): accept fast -------------------------------------------------------------
  {
    step: "receiving",
    where: "looking up an earlier copy of the mail (by Message-ID)",
    fault: { call: "DB.raw", match: /^select .* from "inbound_messages"/ },
    happens: "email() throws: Cloudflare gives the sender a temporary SMTP error and the sender's server sends again",
    scenario: "receive",
  },
  {
    step: "receiving",
    where: "inserting the inbound_messages row",
    fault: { call: "DB.run", match: /^insert into "inbound_messages"/ },
    happens: "temporary SMTP error; the sender's retry records the mail",
    scenario: "receive",
  },
  {
    step: "receiving",
    where: "inserting the inbound_messages row",
    fault: { call: "DB.run", match: /^insert into "inbound_messages"/, when: AFTER },
    happens: "the row is written, email() throws; the retry finds the row (still processing), stores the raw mail and queues it",
    scenario: "receive",
  },
  {
    step: "receiving",
    where: "storing the raw mail in R2",
    fault: { call: "FILES.put", match: /^raw\// },
    happens: "temporary SMTP error; the retry finds the row without its raw mail, stores it and queues the ingest",
    scenario: "receive",
  },
  {
    step: "receiving",
    where: "storing the raw mail in R2",
    fault: { call: "FILES.put", match: /^raw\//, when: AFTER },
    happens: "temporary SMTP error; the retry finds row and raw mail (R2 head) and only queues the ingest",
    scenario: "receive",
  },
  {
    step: "receiving",
    where: "queuing the ingest job",
    fault: { call: "INGEST_QUEUE.send" },
    happens: "temporary SMTP error; the retry finds row and raw mail and queues the ingest",
    scenario: "receive",
  },
  {
    step: "receiving",
    where: "queuing the ingest job",
    fault: { call: "INGEST_QUEUE.send", when: AFTER },
    happens: "the job is queued and queued again by the sender's retry: the second ingest finds the files recorded and changes nothing",
    scenario: "receive",
  },
  {
    step: "sweep",
    where: "queuing the ingest job, and the sender never retries",
    fault: { call: "INGEST_QUEUE.send" },
    happens: "the mail waits as processing; the scheduled sweep queues it again once it is older than STALLED_MAIL_AFTER_MS",
    scenario: "receive",
    senderGivesUp: true,
  },
  // --- ingest ---------------------------------------------------------------------------
  {
    step: "ingest",
    where: "reading the raw mail from R2",
    fault: { call: "FILES.get", match: /^raw\// },
    happens: "the job throws and is retried with backoff",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "reading the raw mail from R2, five attempts in a row",
    fault: { call: "FILES.get", match: /^raw\//, times: 5 },
    happens: "retried with backoff; the last attempt the queue allows (max_retries = 5) imports it",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "storing a file in R2 (the third)",
    fault: { call: "FILES.put", match: /^files\//, skip: 2 },
    happens: "the job is retried; files are content-addressed, so storing them again overwrites them with the same bytes",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "storing a file in R2 (the third)",
    fault: { call: "FILES.put", match: /^files\//, skip: 2, when: AFTER },
    happens: "the file is stored, the job is retried and stores it again under the same key",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "recording the files and the mail's file count (one batch)",
    fault: { call: "DB.batch", match: /^insert into "inbound_files"/ },
    happens: "nothing is written (a batch is one transaction); the retry splits the mail again",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "recording the files and the mail's file count (one batch)",
    fault: { call: "DB.batch", match: /^insert into "inbound_files"/, when: AFTER },
    happens: "the files are recorded, the job is retried: it finds the file count set and only queues the scans of undecided files",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "queuing the scans",
    fault: { call: "SCAN_QUEUE.sendBatch" },
    happens: "the files are recorded but not queued; the retry finds them undecided and queues their scans",
    scenario: "receive",
  },
  {
    step: "ingest",
    where: "queuing the scans",
    fault: { call: "SCAN_QUEUE.sendBatch", when: AFTER },
    happens: "the scans are queued twice; a scan that finds its file decided only completes the mail",
    scenario: "receive",
  },
  // --- scan -----------------------------------------------------------------------------
  {
    step: "scan",
    where: "reading the file from R2",
    fault: { call: "FILES.get", match: /^files\// },
    happens: "the job throws and is retried; the file stays undecided meanwhile (never imported unscanned)",
    scenario: "receive",
  },
  {
    step: "scan",
    where: "recording the verdict (with the rows of the files it carries, in one batch)",
    fault: { call: "DB.batch", match: /update "inbound_files" set "verdict"/ },
    happens: "the job is retried and scans the file again",
    scenario: "receive",
  },
  {
    step: "scan",
    where: "recording the verdict (with the rows of the files it carries, in one batch)",
    fault: { call: "DB.batch", match: /update "inbound_files" set "verdict"/, when: AFTER },
    happens: "the verdict is written, the job is retried: it finds the file decided and completes the mail",
    scenario: "receive",
  },
  // --- completion -----------------------------------------------------------------------
  {
    step: "completion",
    where: "counting the files still undecided",
    fault: { call: "DB.raw", match: /^select count\(\*\) from "inbound_files"/ },
    happens: "the scan job is retried; its file is decided, so it goes straight to completing the mail",
    scenario: "receive",
  },
  {
    step: "completion",
    where: "writing purchase invoices, appendices, inbox items and the outcome (one batch)",
    fault: { call: "DB.batch", match: /^insert into "purchase_invoices"/ },
    happens: "nothing is written; the job is retried and completes the mail",
    scenario: "receive",
  },
  {
    step: "completion",
    where: "writing purchase invoices, appendices, inbox items and the outcome (one batch)",
    fault: { call: "DB.batch", match: /^insert into "purchase_invoices"/, when: AFTER },
    happens: "all is written, the job is retried: the plan is the same, its ids derive from the files, rows are inserted only when missing",
    scenario: "receive",
  },
  {
    step: "completion",
    where: "writing the inbox item of a mail without attachments",
    fault: { call: "DB.batch", match: /^insert into "inbox_items"/, when: AFTER },
    happens: "the item is written, the ingest job is retried: it finds the file count set and completes again, inserting nothing new",
    scenario: "receive",
  },
  // --- sending --------------------------------------------------------------------------
  {
    step: "sending",
    where: "queuing the delivery (POST /v1/sales-invoices/{id}/send)",
    fault: { call: "OUTBOUND_QUEUE.send" },
    happens: "the delivery is failed with QUEUE_UNAVAILABLE, never left queued; the user retries it and it is sent once",
    scenario: "send",
    userRetries: true,
  },
  {
    step: "sending",
    where: "queuing the delivery (POST /v1/sales-invoices/{id}/send)",
    fault: { call: "OUTBOUND_QUEUE.send", when: AFTER },
    happens: "the job is queued but the delivery is marked failed (QUEUE_UNAVAILABLE); the job finds it failed and sends nothing; the user retries and it is sent once",
    scenario: "send",
    userRetries: true,
  },
  {
    step: "sending",
    where: "claiming the delivery (status sending, lease)",
    fault: { call: "DB.batch", match: /update "deliveries" set "status" = \?, "attempts"/ },
    happens: "the job is retried and claims it",
    scenario: "send",
  },
  {
    step: "sending",
    where: "claiming the delivery (status sending, lease)",
    fault: { call: "DB.batch", match: /update "deliveries" set "status" = \?, "attempts"/, when: AFTER },
    happens: "claimed, but the job is retried: it waits for the lease of the lost attempt (SEND_LEASE_SECONDS), then claims it again and sends",
    scenario: "send",
  },
  {
    step: "sending",
    where: "claiming the first recipient just before its send (sending_to)",
    fault: { call: "DB.raw", match: /^update "deliveries" set "sending_to"/ },
    happens: "nothing is sent; the job is retried after the lease and sends",
    scenario: "send",
  },
  {
    step: "sending",
    where: "reading the invoice's PDF from R2",
    fault: { call: "FILES.get", match: /^sales-invoices\// },
    happens: "the job is retried after the lease of the failed attempt runs out, and sends",
    scenario: "send",
  },
  {
    step: "sending",
    where: "recording a send and claiming the next recipient (one batch)",
    fault: { call: "DB.batch", match: /^update "deliveries" set "message_id"/, when: AFTER, skip: 1 },
    happens:
      "both sends are recorded, the job is retried after the lease: every recipient is in sent_to, nothing is sent again, the delivery is marked sent",
    scenario: "send",
  },
  {
    step: "sending",
    where: "claiming the first recipient just before its send (sending_to)",
    fault: { call: "DB.raw", match: /^update "deliveries" set "sending_to"/, when: AFTER },
    happens:
      "the claim is written but the attempt ends before the send: the retry cannot tell whether the mail left, does not send it (at most once) and records send_unconfirmed; the user can retry the delivery",
    scenario: "send",
    unconfirmed: "not sent",
  },
  {
    step: "sending",
    where: "SEND_EMAIL.send (Cloudflare refuses for now)",
    fault: { call: "SEND_EMAIL.send" },
    happens: "the delivery goes back to queued with retry_scheduled; the retry sends to the recipients not yet reached, each once",
    scenario: "send",
  },
  {
    step: "sending",
    where: "recording the send (message id per recipient)",
    fault: { call: "DB.batch", match: /^update "deliveries" set "message_id"/ },
    happens: "the mail went out but is not confirmed: the retry does not send to that recipient again (it was claimed), and records that the send is unconfirmed",
    scenario: "send",
    unconfirmed: "sent",
  },
  {
    step: "sending",
    where: "marking the delivery sent",
    fault: { call: "DB.batch", match: /update "deliveries" set "status" = \?.*"sent_at" = \?/ },
    happens: "the job is retried after the lease; every recipient is claimed and confirmed, nothing is sent again, the delivery is marked sent",
    scenario: "send",
  },
  {
    step: "sending",
    where: "marking the delivery sent",
    fault: { call: "DB.batch", match: /update "deliveries" set "status" = \?.*"sent_at" = \?/, when: AFTER },
    happens: "marked sent, the job is retried: the delivery is settled, nothing is sent",
    scenario: "send",
  },
  // --- events ---------------------------------------------------------------------------
  {
    step: "events",
    where: "recording a delivered event",
    fault: { call: "DB.raw", match: /^insert into "delivery_events"/ },
    happens: "the event job is retried and records it",
    scenario: "send",
  },
  {
    step: "events",
    where: "recording a delivered event",
    fault: { call: "DB.raw", match: /^insert into "delivery_events"/, when: AFTER },
    happens: "recorded, the job is retried: the event's id is its dedupe key, it is not recorded twice",
    scenario: "send",
  },
  {
    step: "events",
    where: "recording a bounce (delivery bounced, event and inbox item in one batch)",
    fault: { call: "DB.batch", match: /insert into "inbox_items"/ },
    happens: "nothing is written; the retry records the bounce",
    scenario: "send",
  },
  {
    step: "events",
    where: "recording a bounce (delivery bounced, event and inbox item in one batch)",
    fault: { call: "DB.batch", match: /insert into "inbox_items"/, when: AFTER },
    happens: "written, the job is retried: the dedupe key finds the bounce recorded, no second inbox item",
    scenario: "send",
  },
];

/** The test's name for a fault point: also what docs/reliability.md lists. */
export function faultName(point: FaultPoint): string {
  const { call, when = "before", times = 1 } = point.fault;
  const how = when === "before" ? "fails" : "succeeds but its answer is lost";
  const count = times === 1 ? "" : times === Infinity ? " (until healed)" : ` (${times} times)`;
  return `${point.step}: ${point.where}: ${call} ${how}${count}`;
}

/** The table of docs/reliability.md. */
export function faultPointsTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "| step | fault | what happens | test (test/reliability/faults.test.ts) |",
    "|---|---|---|---|",
    ...FAULT_POINTS.map((p) => `| ${p.step} | ${cell(p.where)}: \`${p.fault.call}\` ${p.fault.when === "after" ? "succeeds, answer lost" : "fails"} | ${cell(p.happens)} | ${cell(faultName(p))} |`),
  ].join("\n");
}

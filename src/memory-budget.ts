import { MAX_BYTES_IN_HAND_PER_ISOLATE, MAX_MEMORY_WAIT_MS } from "./limits.ts";

/**
 * The bytes of mail and files that this isolate's steps hold at once. An
 * isolate serves several invocations at the same time (email(), queue
 * batches), and each keeps its mail or file whole in memory while it works:
 * two 25 MiB mails ingested side by side need more than the 128 MB an isolate
 * may use. A step declares what it will read and waits, in arrival order,
 * until the others hold little enough; one alone always runs.
 *
 * Module state is per isolate, which is what the limit is about; nothing in
 * it outlives the isolate or needs to.
 */
let inHand = 0;
const waiting: { bytes: number; admit: () => void }[] = [];

const fits = (bytes: number) => inHand === 0 || inHand + bytes <= MAX_BYTES_IN_HAND_PER_ISOLATE;

/** Runs `work`, which reads about `bytes` into memory, once the isolate has room for them. */
export async function withBytesInHand<T>(bytes: number, work: () => Promise<T>): Promise<T> {
  await admission(bytes);
  try {
    return await work();
  } finally {
    inHand -= bytes;
    admitWaiting();
  }
}

function admission(bytes: number): Promise<void> {
  if (waiting.length === 0 && fits(bytes)) {
    inHand += bytes;
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const entry = {
      bytes,
      admit: () => {
        clearTimeout(timer);
        inHand += bytes;
        resolve();
      },
    };
    // A holder whose invocation was cancelled never gives its share back: past the wait, run regardless.
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(entry), 1);
      console.warn(JSON.stringify({ msg: "memory wait ran out: the step runs beside others", bytes, inHand }));
      entry.admit();
    }, MAX_MEMORY_WAIT_MS);
    waiting.push(entry);
  });
}

function admitWaiting() {
  while (waiting.length > 0 && fits(waiting[0]!.bytes)) waiting.shift()!.admit();
}

// Natural batching for hot paths (webhook ingest, the CRM step): calls that
// arrive while earlier ones are in flight are sent together as one statement.
// With little traffic every call goes alone at once (no added wait); under
// load, N calls share one round trip and one commit instead of paying for N.
// Each caller still gets its own result only after its batch has completed
// (committed).

/** Answers each item in its slot; an Error in a slot rejects that item's call only. */
export type BatchRunner<I, O> = (items: I[]) => Promise<(O | Error)[]>;

export function createBatcher<I, O>(run: BatchRunner<I, O>, { maxBatch = 200, maxInFlight = 4 } = {}) {
  type Pending = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let inFlight = 0;

  const flush = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight += 1;
      run(batch.map((p) => p.item))
        .then(
          // A runner reports a failure of one item as an Error in its slot.
          (out) => batch.forEach((p, i) => (out[i] instanceof Error ? p.reject(out[i]) : p.resolve(out[i] as O))),
          (err) => batch.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          inFlight -= 1;
          flush();
        });
    }
  };

  return (item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Let the calls of the same tick join before sending.
      if (queue.length === 1) queueMicrotask(flush);
    });
}

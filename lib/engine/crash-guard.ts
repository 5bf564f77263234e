// The crash-loop guard. A step whose execution kills its worker process (a
// crash, running out of memory, a hang past its lease) would otherwise be
// taken over by the next worker when the lease runs out, and kill that one
// too, forever. Each takeover of a lease that ran out without being given back
// is counted on the run (run.interruptions, in the same statement that takes
// the lease, so the count is durable before anything else happens); any step
// outcome resets it. At CRASH_LIMIT the engine starts nothing: it fails the
// step that was in flight (or that would start next) with crashMessage() —
// never running it again, so no side effect is doubled by the guard.
//
// A worker dies with everything it had in flight, so runs that merely shared
// the process are counted too. After one death they all start again side by
// side (most record an outcome at once, which clears them — recovery after a
// deploy or a single crash stays fast). A run at its last chance (two deaths in
// a row) is driven alone among such runs: a process takes one at a time, until
// it records a step outcome (takeSuspectSlot), and hands the others back for
// half a second. The culprit is at every death it causes, so it reaches its last
// chance no later than the runs that shared them: while a bystander at its
// last chance holds the slot, the culprit waits, and the culprit's third death
// takes no such bystander with it.

/** Process deaths in a row, with no step outcome in between, after which a run's step is failed. */
export const CRASH_LIMIT = 3;

export const crashMessage = (deaths: number) =>
  `This step stopped its worker ${deaths} times; it was failed so it cannot loop`;

/** At its last chance: one more death of its worker and its step is failed. */
export const isSuspect = (run: { interruptions: number }) => run.interruptions === CRASH_LIMIT - 1;

let held = false;

/**
 * The process's one slot for a run at its last chance: a release function, or
 * null while another holds it. (The caller hands its run back rather than
 * wait: a run waiting here would hold its lease, and a death meanwhile would
 * count against it.)
 */
export function takeSuspectSlot(): (() => void) | null {
  if (held) return null;
  held = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held = false;
  };
}

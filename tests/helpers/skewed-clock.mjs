// Preloaded into one child process (NODE_OPTIONS=--import <this file>) to give
// it a wrong wall clock, as on a machine whose clock has drifted: Date.now()
// and `new Date()` are off by SKEWED_CLOCK_MS (positive: ahead). Timers,
// performance.now() and every other process are untouched.
const offset = Number(process.env.SKEWED_CLOCK_MS ?? 0);
if (offset) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = SkewedDate;
}

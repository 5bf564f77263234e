// Preloaded into one child process (NODE_OPTIONS=--import <this file>) to give
// it the kind of bug the process safety net exists for, on demand from outside:
// SIGUSR2 leaves a promise rejection nobody handles, SIGHUP throws from a
// callback (an uncaught exception). Nothing in the app knows about it.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('stray rejection (test)'));
});
process.on('SIGHUP', () => {
  setImmediate(() => {
    throw new Error('uncaught exception (test)');
  });
});

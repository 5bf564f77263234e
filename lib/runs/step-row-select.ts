// The step columns the API (GET /runs/{id}) and the run page both show.
export const stepRowSelect = {
  nodeId: true,
  type: true,
  status: true,
  attempts: true,
  input: true,
  output: true,
  error: true,
  reused: true,
  nextAttemptAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

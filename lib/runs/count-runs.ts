import { db } from '../db';
import { runFilterFrom, runFilterSql, type RunFilter } from './run-filter';

/** How many runs match the runs page's filter (the "select all N matching" figure). */
export async function countRuns(workspaceId: string, f: RunFilter): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${runFilterFrom(f)} WHERE ${runFilterSql(workspaceId, f)}`;
  return row?.n ?? 0;
}

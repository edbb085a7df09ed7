import { cp } from 'node:fs/promises';
import path from 'node:path';

/** Inside a shard's report dir: its own copy of allure-results, so the shard's dir is all the merge needs. */
export const SHARD_ALLURE_DIR = 'allure-results';

export async function copyAllureIntoShard(allureDir: string, reportDir: string): Promise<void> {
  await cp(allureDir, path.join(reportDir, SHARD_ALLURE_DIR), { recursive: true });
}

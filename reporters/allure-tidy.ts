import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Attachments no owner reads: Playwright's error-context is a prompt for a chat assistant, not evidence. */
const DROPPED = new Set(['error-context']);

interface Attachment {
  name: string;
  source: string;
}
interface StepLike {
  attachments?: Attachment[];
  steps?: StepLike[];
}

/** Removes the dropped attachments from every test result (and their files) in an Allure results folder. */
export async function tidyAllureResults(dir: string): Promise<void> {
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files.filter((f) => f.endsWith('-result.json'))) {
    const full = path.join(dir, file);
    const result = JSON.parse(await readFile(full, 'utf8')) as StepLike;
    const dropped: string[] = [];
    const prune = (node: StepLike) => {
      dropped.push(...(node.attachments ?? []).filter((a) => DROPPED.has(a.name)).map((a) => a.source));
      node.attachments = (node.attachments ?? []).filter((a) => !DROPPED.has(a.name));
      node.steps?.forEach(prune);
      // allure-playwright wraps each attachment in a step of its name: an emptied one goes too.
      node.steps = node.steps?.filter(
        (step) =>
          !(DROPPED.has((step as { name?: string }).name ?? '') && !step.attachments?.length && !step.steps?.length),
      );
    };
    prune(result);
    if (!dropped.length) continue;
    await writeFile(full, JSON.stringify(result));
    for (const source of dropped) await rm(path.join(dir, source), { force: true });
  }
}

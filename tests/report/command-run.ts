import { spawn } from 'node:child_process';
import path from 'node:path';
import { childEnv, ROOT } from '../../helpers/runner/config.js';
import { exitWithin } from '../../helpers/runner/stand-boot.js';

const COMMANDS = {
  playwright: [path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js')],
  flake: ['--import', 'tsx', path.join(ROOT, 'scripts', 'flake.ts')],
};

/** Runs one of the gate's commands in a child process with extra environment; returns its exit code and output. */
export async function runCommand(
  command: keyof typeof COMMANDS,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [...COMMANDS[command], ...args], {
    cwd: ROOT,
    env: childEnv({ ...env, CI: '' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await exitWithin(child, 2 * 60_000);
  return { code, output };
}

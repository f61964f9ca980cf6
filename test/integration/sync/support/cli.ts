/** Runs the device CLI as a child process, the way staff and scripts run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI = 'device/src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

export function startCli(args: string[], input?: string): ChildProcess {
  // `node --import tsx` (what `npm run device` runs, minus the tsx wrapper process) so that a kill -9 hits the
  // process that writes, not a parent that would leave it running.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  return child;
}

export function cli(args: string[], input?: string): Promise<CliResult> {
  const child = startCli(args, input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      } catch {
        json = {};
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { freePort } from './ports';

/** A server in its own process (`node dist/main.js`, say), listening on a loopback port. */
export interface ServerProcess {
  readonly origin: string;
  readonly pid: number;
  /** From spawning to the first accepted answer on the readiness path. */
  readonly startedInMs: number;
  /** The status that ended the wait. */
  readonly readyStatus: number;
  /** What it printed so far, stdout and stderr. */
  output(): string;
  /** Resident memory, megabytes (Linux /proc). */
  residentMb(): number;
  /** SIGTERM (a drain), and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: gone at once, mid-call, locks and all. */
  kill(): Promise<void>;
}

export interface ServerProcessOptions {
  command?: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Polled until it answers a status `ready` accepts (200 by default). */
  readyPath?: string;
  ready?: (status: number) => boolean;
  timeoutMs?: number;
}

/** Spawns the server with PORT set to a free loopback port and waits until `readyPath` answers as `ready` wants. */
export async function startServerProcess({
  command = process.execPath,
  args,
  cwd,
  env,
  readyPath = '/health',
  ready = (status) => status === 200,
  timeoutMs = 20_000,
}: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const readyStatus = await waitUntilAnswering(child, `${origin}${readyPath}`, ready, started + timeoutMs, () => output);
  const startedInMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    origin,
    pid,
    startedInMs,
    readyStatus,
    output: () => output,
    residentMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    stop: () => signal(child, 'SIGTERM'),
    kill: async () => {
      await signal(child, 'SIGKILL');
    },
  };
}

async function signal(child: ChildProcess, name: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(name);
  const [code] = (await exited) as [number | null];
  return code;
}

async function waitUntilAnswering(
  child: ChildProcess,
  url: string,
  ready: (status: number) => boolean,
  deadline: number,
  output: () => string,
): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering:\n${output()}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer ${url} in time:\n${output()}`);
    }
    const status = await fetch(url).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if (ready(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

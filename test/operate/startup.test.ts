import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start `src/main.ts` with `env`; stop it once `until` appears on stdout (or when it exits by itself). */
function start(env: Record<string, string>, until?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // One SIGTERM: a second one would end the process before its graceful shutdown.
      if (until && stdout.includes(until) && !stopping) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('who may listen where', () => {
  it('refuses HOST=0.0.0.0 with provider keys and no client keys: exit 1, one line, no key in it', async () => {
    const run = await start({ HOST: '0.0.0.0', PORT: String(await freePort()), HIKERAPI_KEY: 'hk-startup-SECRET-123456' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('HOST=0.0.0.0');
    expect(lines[0]).toContain('API_KEYS');
    expect(run.stderr + run.stdout).not.toContain('hk-startup-SECRET');
  }, 30_000);

  it('starts on 0.0.0.0 with ALLOW_ANONYMOUS=true, and on loopback by default', async () => {
    const open = await start(
      { HOST: '0.0.0.0', ALLOW_ANONYMOUS: 'true', PORT: String(await freePort()), HIKERAPI_KEY: 'hk-startup-SECRET-123456' },
      'GraphiQL at',
    );
    expect(open.code).toBe(0);
    expect(open.stdout).toContain('"host":"0.0.0.0"');
    const loopback = await start({ PORT: String(await freePort()), HIKERAPI_KEY: 'hk-startup-SECRET-123456' }, 'GraphiQL at');
    expect(loopback.code).toBe(0);
    expect(loopback.stdout).toContain('"host":"127.0.0.1"');
    expect(open.stdout + loopback.stdout).not.toContain('hk-startup-SECRET');
  }, 30_000);
});

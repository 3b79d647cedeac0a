import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of the Redis protocol (RESP2 over real TCP) for ioredis and rate-limiter-flexible's
 * RateLimiterRedis: the ready check (INFO) and its counter script (EVALSHA/EVAL), which adds
 * points to a key that expires after ARGV[2] seconds and answers [consumed, pttl].
 * No Redis server is installed here; this lets two replicas' clients share one real store.
 */
export interface FakeRedis {
  port: number;
  /** Script runs, i.e. rate-limit checks that reached "Redis". */
  scriptCalls: number;
  close(): Promise<void>;
}

export async function startFakeRedis(): Promise<FakeRedis> {
  const counters = new Map<string, { value: number; expiresAt: number }>();
  const sockets = new Set<Socket>();
  const state = { scriptCalls: 0 };

  const runScript = (key: string, points: number, seconds: number): [number, number] => {
    state.scriptCalls += 1;
    const now = Date.now();
    let counter = counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      counter = { value: 0, expiresAt: now + seconds * 1000 };
      counters.set(key, counter);
    }
    counter.value += points;
    return [counter.value, counter.expiresAt - now];
  };

  const answer = (command: string[]): string => {
    const [name = '', ...args] = command;
    switch (name.toLowerCase()) {
      case 'info':
        return bulk('# Persistence\r\nloading:0\r\n');
      case 'evalsha':
      case 'eval': {
        // EVAL(SHA) script numkeys key points secDuration ...
        const [, , key = '', points = '0', seconds = '0'] = args;
        const [consumed, ttl] = runScript(key, Number(points), Number(seconds));
        return `*2\r\n:${consumed}\r\n:${ttl}\r\n`;
      }
      default:
        return `-ERR unknown command '${name}'\r\n`;
    }
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const parsed = parseCommand(buffered);
        if (!parsed) break;
        buffered = buffered.subarray(parsed.length);
        socket.write(answer(parsed.command));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get scriptCalls() {
      return state.scriptCalls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

/** One RESP array of bulk strings from the front of `buffer`, or undefined if it is incomplete. */
function parseCommand(buffer: Buffer): { command: string[]; length: number } | undefined {
  let offset = 0;
  const readLine = (): string | undefined => {
    const end = buffer.indexOf('\r\n', offset);
    if (end < 0) return undefined;
    const line = buffer.subarray(offset, end).toString();
    offset = end + 2;
    return line;
  };
  const header = readLine();
  if (header === undefined) return undefined;
  const count = Number(header.slice(1));
  const command: string[] = [];
  for (let i = 0; i < count; i++) {
    const sizeLine = readLine();
    if (sizeLine === undefined) return undefined;
    const size = Number(sizeLine.slice(1));
    if (buffer.length < offset + size + 2) return undefined;
    command.push(buffer.subarray(offset, offset + size).toString());
    offset += size + 2;
  }
  return { command, length: offset };
}

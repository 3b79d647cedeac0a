import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The Dockerfile's own steps, run in a temporary folder without a Docker engine: each stage is a
 * folder standing for its WORKDIR; COPY copies from the repository (the build context) or from an
 * earlier stage; RUN runs in the stage's folder; ENV, CMD and HEALTHCHECK are kept for the caller.
 * An instruction this runner does not know fails the test rather than being skipped.
 */

export interface Stage {
  name: string | undefined;
  folder: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[] | undefined;
  healthcheck: string[] | undefined;
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions in order: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: line.slice(keyword.length).trim() };
    });
}

export interface RunOptions {
  /** The build context: the repository. */
  context: string;
  /** Where the stages' folders go. */
  root: string;
  /** Environment for RUN steps on top of PATH and the stage's ENV (e.g. npm's prefer-offline). */
  runEnv: Record<string, string>;
  /**
   * Whether a RUN step may be answered from the repository instead: the build stage's full
   * `npm ci` makes exactly the node_modules the checkout already has from the same lockfile.
   */
  reuseNodeModules(command: string): boolean;
}

export function runDockerfile(text: string, options: RunOptions): Stage[] {
  const stages: Stage[] = [];
  for (const { keyword, args } of parseDockerfile(text)) {
    if (keyword === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(args)?.[1];
      stages.push({ name, folder: join(options.root, `stage-${stages.length}`), workdir: '/', env: {}, cmd: undefined, healthcheck: undefined });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${keyword} before FROM`);
    apply(stage, keyword, args, stages, options);
  }
  return stages;
}

function apply(stage: Stage, keyword: string, args: string, stages: readonly Stage[], options: RunOptions): void {
  switch (keyword) {
    case 'WORKDIR':
      stage.workdir = args;
      mkdirSync(stage.folder, { recursive: true });
      return;
    case 'ENV':
      for (const pair of args.split(/\s+/)) {
        const [name = '', value = ''] = pair.split('=');
        stage.env[name] = value;
      }
      return;
    case 'COPY':
      copy(stage, args, stages, options.context);
      return;
    case 'RUN':
      run(stage, args.replace(/--mount=\S+\s+/g, ''), options);
      return;
    case 'CMD':
      stage.cmd = JSON.parse(args) as string[];
      return;
    case 'HEALTHCHECK':
      stage.healthcheck = JSON.parse(args.replace(/^(--\S+\s+)*CMD\s+/, '')) as string[];
      return;
    case 'USER':
    case 'EXPOSE':
      return;
    default:
      throw new Error(`test/build/dockerfile.ts does not know the Dockerfile instruction ${keyword}`);
  }
}

function copy(stage: Stage, args: string, stages: readonly Stage[], context: string): void {
  const from = /^--from=(\S+)\s+/.exec(args);
  const paths = args.slice(from?.[0].length ?? 0).split(/\s+/);
  const destination = paths.pop() ?? '';
  const source = from ? stages.find((candidate) => candidate.name === from[1]) : undefined;
  if (from && !source) throw new Error(`COPY --from=${from[1]}: no such stage`);
  for (const path of paths) {
    const origin = source ? join(source.folder, relative(source.workdir, path)) : join(context, path);
    const target = destination.endsWith('/')
      ? join(stage.folder, destination, path.endsWith('/') ? '' : (path.split('/').at(-1) ?? ''))
      : join(stage.folder, destination);
    cpSync(origin, target, { recursive: true });
  }
}

function run(stage: Stage, command: string, options: RunOptions): void {
  if (options.reuseNodeModules(command)) {
    symlinkSync(join(options.context, 'node_modules'), join(stage.folder, 'node_modules'), 'dir');
    return;
  }
  execFileSync('sh', ['-c', command], {
    cwd: stage.folder,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...stage.env, ...options.runEnv },
    stdio: 'pipe',
  });
}

export function readDockerfile(context: string): string {
  return readFileSync(join(context, 'Dockerfile'), 'utf8');
}

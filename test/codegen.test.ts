import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const COMMITTED = 'examples/generated';

describe('codegen', () => {
  it('examples/generated/ is what `npm run codegen` writes from schema.graphql now', () => {
    const target = mkdtempSync(join(tmpdir(), 'instagraph-codegen-'));
    try {
      execFileSync('node_modules/.bin/graphql-codegen', ['--config', 'codegen.ts', '--silent'], {
        env: { ...process.env, CODEGEN_OUT: `${target}/` },
        stdio: 'pipe',
      });
      const fresh = readdirSync(target).sort();
      expect(fresh.length).toBeGreaterThan(0);
      expect(readdirSync(COMMITTED).sort()).toEqual(fresh);
      for (const file of fresh) {
        expect(readFileSync(join(COMMITTED, file), 'utf8'), `${file} is stale: run npm run codegen`).toBe(
          readFileSync(join(target, file), 'utf8'),
        );
      }
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});

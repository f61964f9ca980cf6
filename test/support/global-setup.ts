// Global prerequisites for vitest. Each prerequisite fails loudly with the fix, never skips.
// One embedded PostgreSQL serves the whole run (a throwaway cluster in a temp folder, so parallel runs never share files).
// A start failure is not thrown here (it would hide every unrelated unit test); it is handed to the tests that need
// PostgreSQL, which fail with the message (see test/support/postgres.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's embedded PostgreSQL maintenance database, or '' when it did not start. */
    embeddedPostgresUrl: string;
    /** Why the embedded PostgreSQL did not start, or ''. */
    embeddedPostgresError: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseDir = mkdtempSync(path.join(tmpdir(), 'linkdesk-test-pg-'));
  try {
    const pg = await startEmbeddedPostgres({ baseDir, throwaway: true });
    project.provide('embeddedPostgresUrl', pg.url);
    project.provide('embeddedPostgresError', '');
    return async () => {
      await pg.stop();
      rmSync(baseDir, { recursive: true, force: true });
    };
  } catch (error) {
    project.provide('embeddedPostgresUrl', '');
    project.provide('embeddedPostgresError', (error as Error).message);
    rmSync(baseDir, { recursive: true, force: true });
    return async () => undefined;
  }
}

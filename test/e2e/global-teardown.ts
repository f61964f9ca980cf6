// Removes the run's temp data folder (created in playwright.config.ts) once the shell has stopped.
import { rmSync } from 'node:fs';

export default function teardown(): void {
  const home = process.env.LINKDESK_E2E_HOME;
  if (home && /linkdesk-e2e-/.test(home)) rmSync(home, { recursive: true, force: true });
}

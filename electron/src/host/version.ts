import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The app version from package.json (the browser shell and dev runs; packaged Electron uses app.getVersion()). */
export function readAppVersion(cwd: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' && pkg.version !== '' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

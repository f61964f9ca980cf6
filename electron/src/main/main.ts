// Electron entry point, bundled to dist/electron/main.cjs (package.json "main").
import { app } from 'electron';
import { appPathsFrom, startMainProcess } from './app';

const main = startMainProcess(appPathsFrom(__dirname));
main.ready.catch((error: unknown) => {
  console.error('[linkdesk] could not start:', error);
  app.exit(1);
});

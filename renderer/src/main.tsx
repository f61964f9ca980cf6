import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startRouter } from './app/router';
import { startSession } from './app/session';
import { getBridge, hasBridge } from './platform';
import { startAutoBackup } from './storage/auto-backup';
import { repos } from './storage/repositories';

async function start(): Promise<void> {
  // Picking the bridge reads the launch token from the URL fragment and removes it; routing comes after.
  hasBridge();
  startRouter();
  await startSession();
  if (hasBridge()) startAutoBackup({ repos: repos(), bridge: getBridge() });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();

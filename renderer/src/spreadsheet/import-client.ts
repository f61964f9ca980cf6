/**
 * planImportFile: runs an ImportJob in a Web Worker so the page never freezes; where there is no Worker
 * (jsdom in unit tests) the same job runs on the page, after yielding once so the progress bar can paint.
 */
import type { ImportFileResult } from '@shared/spreadsheet';
import { runImportJob, type ImportJob, type ImportProgress, type WorkerReply } from './import-job';

let worker: Worker | null = null;
let nextId = 1;

function getWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  worker ??= new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

export async function planImportFile(
  job: ImportJob,
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportFileResult> {
  const w = getWorker();
  if (!w) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return runImportJob(job, onProgress);
  }
  const id = nextId++;
  return new Promise<ImportFileResult>((resolve, reject) => {
    const onMessage = (event: MessageEvent<WorkerReply>): void => {
      const reply = event.data;
      if (reply.id !== id) return;
      if (reply.kind === 'progress') return onProgress(reply.progress);
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      if (reply.kind === 'done') resolve(reply.result);
      else reject(new Error(reply.message));
    };
    const onError = (event: ErrorEvent): void => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      // A worker that failed to start is dropped; the next import starts a fresh one.
      worker = null;
      reject(new Error(event.message || 'import worker failed'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.postMessage({ id, job });
  });
}

/// <reference lib="webworker" />
/** Parses, maps and plans an import off the page's thread, posting progress between stages. */
import { runImportJob, type WorkerReply, type WorkerRequest } from './import-job';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { id, job } = event.data;
  const post = (reply: WorkerReply): void => scope.postMessage(reply);
  try {
    const result = runImportJob(job, (progress) => post({ id, kind: 'progress', progress }));
    post({ id, kind: 'done', result });
  } catch (error) {
    post({ id, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};

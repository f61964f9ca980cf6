/**
 * The sync engine's progress in the UI's words: the engine reports a phase and counts; the words come from the
 * dictionaries (its own `message` is Chinese-only and never shown, so the English UI has no Chinese in it).
 */
import type { SyncProgress } from '@shared/sync/ports';
import { translate, type Lang } from '../i18n';

export function syncProgressText(p: Pick<SyncProgress, 'phase' | 'done' | 'total'>, lang: Lang): string {
  switch (p.phase) {
    case 'seal':
      return translate(lang, 'sync.progress.seal');
    case 'push':
      return p.done >= p.total
        ? translate(lang, 'sync.progress.pushed')
        : translate(lang, 'sync.progress.push', { n: p.done + 1, total: p.total });
    case 'pull':
      return translate(lang, 'sync.progress.pull', { page: p.done + 1 });
    case 'done':
      return translate(lang, 'sync.progress.done');
  }
}

/**
 * Who is working on this device, in which language, and what is waiting to sync. Loaded from the
 * repositories at start and kept fresh by their change events.
 */
import { create } from 'zustand';
import { isLang, useLangStore, type Lang } from '../i18n';
import { requestPersistence, type PersistState } from '../storage/db';
import { onChange, repos } from '../storage/repositories';

interface SessionState {
  ready: boolean;
  operators: string[];
  currentOperator: string | null;
  /** Records waiting to sync (not field changes: one new enterprise is one). */
  pendingRecords: number;
  lastSync: string | null;
  persist: PersistState | null;
  /** A start-up failure in plain words (the database could not open). */
  error: string | null;
  setLang: (lang: Lang) => Promise<void>;
  setOperator: (name: string) => Promise<void>;
  refresh: () => Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  ready: false,
  operators: [],
  currentOperator: null,
  pendingRecords: 0,
  lastSync: null,
  persist: null,
  error: null,
  setLang: async (lang) => {
    useLangStore.getState().setLang(lang);
    document.documentElement.lang = lang;
    await repos().settings.set('lang', lang);
  },
  setOperator: async (name) => {
    set({ currentOperator: name });
    await repos().settings.set('operator', name);
  },
  refresh: async () => {
    const r = repos();
    const [operators, current, pendingRecords, lastSync] = await Promise.all([
      r.operators.list(),
      r.settings.get('operator'),
      r.records.pendingRecords(),
      r.settings.lastSync(),
    ]);
    const names = operators.map((o) => o.name);
    const currentOperator = typeof current === 'string' && names.includes(current) ? current : null;
    set({ operators: names, currentOperator, pendingRecords, lastSync, ready: true });
  },
}));

/** Loads language, operators and sync counters; asks for persistent storage. Call once at start. */
export async function startSession(): Promise<() => void> {
  try {
    const lang = await repos().settings.get('lang');
    if (isLang(lang)) {
      useLangStore.getState().setLang(lang);
      document.documentElement.lang = lang;
    }
    await useSession.getState().refresh();
  } catch (error) {
    useSession.setState({ error: (error as Error).message, ready: true });
  }
  void requestPersistence().then((persist) => useSession.setState({ persist }));
  return onChange(() => void useSession.getState().refresh());
}

/**
 * Routing by URL hash (#/enterprises, #/enterprises/<id>, #/enterprises/<id>/edit, #/enterprises/new),
 * kept in a zustand store so that any component can read or change the route.
 */
import { create } from 'zustand';
import { isSection, type Section } from './sections';

export interface Route {
  section: Section;
  /** The parts after the section, e.g. ['new'] or [recordId, 'edit']. */
  rest: string[];
}

export const DEFAULT_ROUTE: Route = { section: 'dashboard', rest: [] };

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  if (body === '' || !hash.startsWith('#/')) return DEFAULT_ROUTE;
  const [section, ...rest] = body.split('/').map((p) => decodeURIComponent(p));
  if (!isSection(section)) return DEFAULT_ROUTE;
  return { section, rest: rest.filter((p) => p !== '') };
}

export function formatHash(route: Route): string {
  return `#/${[route.section, ...route.rest].map((p) => encodeURIComponent(p)).join('/')}`;
}

interface RouterState {
  route: Route;
  navigate: (section: Section, ...rest: string[]) => void;
}

export const useRouter = create<RouterState>((set) => ({
  route: DEFAULT_ROUTE,
  navigate: (section, ...rest) => {
    const route = { section, rest };
    const hash = formatHash(route);
    if (typeof window !== 'undefined' && window.location.hash !== hash) window.history.pushState(null, '', hash);
    set({ route });
  },
}));

/** Reads the current hash into the store and follows back/forward. Call once, after the token fragment is consumed. */
export function startRouter(): () => void {
  const sync = (): void => useRouter.setState({ route: parseHash(window.location.hash) });
  sync();
  if (!window.location.hash.startsWith('#/'))
    window.history.replaceState(null, '', formatHash(useRouter.getState().route));
  window.addEventListener('hashchange', sync);
  window.addEventListener('popstate', sync);
  return () => {
    window.removeEventListener('hashchange', sync);
    window.removeEventListener('popstate', sync);
  };
}

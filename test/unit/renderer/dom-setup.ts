/** Shared set-up of DOM tests: fake IndexedDB, a fresh database and repositories, the testing bridge, jsdom gaps. */
import 'fake-indexeddb/auto';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { installBridge } from '../../../renderer/src/platform';
import { createTestingBridge } from '../../support/testing-bridge';
import { LinkDeskDb } from '../../../renderer/src/storage/db';
import { createRepositories, setRepositories, type Repositories } from '../../../renderer/src/storage/repositories';

// antd reads these; jsdom does not implement them.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!window.ResizeObserver) {
  window.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// antd's first render in jsdom is slow on 2 busy cores: wait longer before a findBy gives up.
configure({ asyncUtilTimeout: 8000 });

afterEach(() => cleanup());

let n = 0;
export function freshApp(): { db: LinkDeskDb; repos: Repositories } {
  n += 1;
  localStorage.clear(); // a fresh profile: no kept drafts from an earlier test
  const db = new LinkDeskDb(`linkdesk-dom-${process.pid}-${n}`);
  const repos = createRepositories(db);
  setRepositories(repos);
  installBridge(createTestingBridge());
  return { db, repos };
}

// jsdom does no layout: give elements a viewport-sized box so virtualised lists render their visible rows.
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1200 });
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });

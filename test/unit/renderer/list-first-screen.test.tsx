// @vitest-environment jsdom
// A large list opens at once: the newest records first (one index range), then all of them; a list that cannot
// be read says so on screen.
import 'fake-indexeddb/auto';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { resetListIndexes } from '../../../renderer/src/data/list-index';
import { ListView } from '../../../renderer/src/pages/entity/ListView';
import { ENTITY_SECTIONS } from '../../../renderer/src/pages/entity/config';
import { freshApp } from './dom-setup';
import { demandFor } from './storage/helpers';

const demands = ENTITY_SECTIONS.demands!;

describe('opening a large list', () => {
  it('newest() reads the most recently changed live records, newest first, up to the limit', async () => {
    const { repos } = freshApp();
    const saved = await repos.records.saveMany(
      'demand',
      [1, 2, 3, 4].map((n) => ({ recordId: null, changes: { ...demandFor('e1'), name: `需求${n}` } })),
      { operator: '张三' },
    );
    await repos.records.save('demand', saved[0]!.recordId, { name: '需求1（改）' }, { operator: '张三' });
    await repos.records.remove('demand', saved[3]!.recordId, { operator: '张三' });
    const newest = await repos.records.newest('demand', 2);
    expect(newest.map((r) => r.fields.name?.value)).toEqual(['需求1（改）', '需求3']);
  });

  it('ends with every record listed and marked complete', async () => {
    const { repos } = freshApp();
    resetListIndexes();
    await repos.records.saveMany(
      'demand',
      Array.from({ length: 230 }, (_, n) => ({ recordId: null, changes: { ...demandFor('e1'), name: `需求${n}` } })),
      { operator: '张三' },
    );
    render(<ListView config={demands} onOpen={() => {}} onNew={() => {}} />);
    await waitFor(() => expect(screen.getByTestId('list-view').dataset.complete).toBe('true'));
    expect(screen.getByTestId('record-count').textContent).toBe('共 230 条');
    expect(screen.queryByTestId('list-loading')).toBeNull();
  });

  it('a list that cannot be read says so in plain Chinese instead of staying blank', async () => {
    const { repos } = freshApp();
    resetListIndexes();
    vi.spyOn(repos.records, 'newest').mockRejectedValue(new Error('QuotaExceededError'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<ListView config={demands} onOpen={() => {}} onNew={() => {}} />);
    const alert = await screen.findByTestId('list-error');
    expect(alert.textContent).toContain('无法读取本机记录');
    expect(alert.textContent).toContain('QuotaExceededError');
  });
});

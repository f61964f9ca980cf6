// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SchemaList } from '../../../renderer/src/components/schema/SchemaList';
import type { ListRow } from '../../../renderer/src/data/useRecords';
import './dom-setup';

describe('virtualised record list', () => {
  it('puts only the visible rows of 100,000 demands in the page', () => {
    const rows: ListRow[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `d${i}`,
      values: { name: `需求 ${i}`, status: 'draft' },
      updatedAt: '',
    }));
    render(<SchemaList entity="demand" rows={rows} titles={new Map()} onOpen={() => {}} />);
    expect(screen.getByTestId('record-count').textContent).toBe('共 100,000 条');
    const shown = screen.getAllByTestId('record-row');
    // an 800 px viewport at 40 px a row, plus overscan: a few dozen rows, never the 100,000
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0]!.textContent).toContain('需求 0');
    expect(shown[0]!.textContent).toContain('草稿');
  });
});

describe('keyboard in the record list', () => {
  const rows: ListRow[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `d${i}`,
    values: { name: `需求 ${i}`, status: 'draft' },
    updatedAt: '',
  }));
  const activeRow = (): HTMLElement | undefined =>
    screen.getAllByTestId('record-row').find((r) => r.dataset.active === 'true');

  it('moves the active row with Up/Down, names it for assistive technology, and opens it with Enter', () => {
    const opened: string[] = [];
    render(<SchemaList entity="demand" rows={rows} titles={new Map()} onOpen={(id) => opened.push(id)} />);
    const list = screen.getByTestId('record-list');
    act(() => list.focus());
    expect(activeRow()?.dataset.recordId).toBe('d0');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(activeRow()?.dataset.recordId).toBe('d1');
    expect(list.getAttribute('aria-activedescendant')).toBe(activeRow()!.id);
    expect(screen.getAllByTestId('record-row').filter((r) => r.getAttribute('aria-selected') === 'true')).toHaveLength(
      1,
    );
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(opened).toEqual(['d1']);
  });

  it('stops at the ends (scrolling the window is checked in Chromium: jsdom does not scroll)', () => {
    render(<SchemaList entity="demand" rows={rows} titles={new Map()} onOpen={() => {}} />);
    const list = screen.getByTestId('record-list');
    act(() => list.focus());
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(activeRow()?.dataset.recordId).toBe('d0');
    fireEvent.keyDown(list, { key: 'End' });
    expect(list.getAttribute('aria-activedescendant')).toBe('record-row-d999');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(list.getAttribute('aria-activedescendant')).toBe('record-row-d999');
  });
});

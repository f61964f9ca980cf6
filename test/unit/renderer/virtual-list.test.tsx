// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SchemaList } from '../../../renderer/src/components/schema/SchemaList';
import type { ListRow } from '../../../renderer/src/data/useRecords';
import './dom-setup';

describe('virtualised record list', () => {
  it('puts only the visible rows of 100,000 demands in the page', () => {
    const rows: ListRow[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `d${i}`, values: { name: `需求 ${i}`, status: 'draft' }, updatedAt: '' }));
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

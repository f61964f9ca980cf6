// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SearchInput } from '../../../renderer/src/components/SearchInput';
import './dom-setup';

describe('search as you type with a Chinese input method', () => {
  it('searches on each keystroke when no composition is going on', () => {
    const onSearch = vi.fn();
    render(<SearchInput onSearch={onSearch} />);
    const input = screen.getByTestId('search-input');
    fireEvent.change(input, { target: { value: 'a' } });
    fireEvent.change(input, { target: { value: 'ab' } });
    expect(onSearch.mock.calls).toEqual([['a'], ['ab']]);
  });

  it('waits for the end of IME composition, then searches the finished characters once', () => {
    const onSearch = vi.fn();
    render(<SearchInput onSearch={onSearch} />);
    const input = screen.getByTestId('search-input');
    fireEvent.compositionStart(input);
    fireEvent.change(input, { target: { value: 'y' } });
    fireEvent.change(input, { target: { value: 'yang' } });
    fireEvent.change(input, { target: { value: 'yang rong' } });
    expect(onSearch).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '羊绒' } });
    fireEvent.compositionEnd(input);
    expect(onSearch.mock.calls).toEqual([['羊绒']]);
  });
});

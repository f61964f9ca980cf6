import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../renderer/src/app/router';

describe('hash routing', () => {
  it('reads the section and the rest of the path', () => {
    expect(parseHash('#/enterprises')).toEqual({ section: 'enterprises', rest: [] });
    expect(parseHash('#/demands/abc/edit')).toEqual({ section: 'demands', rest: ['abc', 'edit'] });
  });

  it('falls back to the dashboard for an empty, unknown or token hash', () => {
    expect(parseHash('')).toEqual({ section: 'dashboard', rest: [] });
    expect(parseHash('#/nope')).toEqual({ section: 'dashboard', rest: [] });
    expect(parseHash('#token=abc')).toEqual({ section: 'dashboard', rest: [] });
  });

  it('round-trips through formatHash', () => {
    const route = { section: 'visits' as const, rest: ['new'] };
    expect(parseHash(formatHash(route))).toEqual(route);
  });
});

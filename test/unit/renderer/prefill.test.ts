import { describe, expect, it } from 'vitest';
import { prefillFrom } from '../../../renderer/src/pages/entity/prefill';

describe('a demand made from a visit', () => {
  it('links back to the visit and takes over the enterprise and place, nothing else', () => {
    const visit = {
      enterprise: 'ent-1',
      county: '130534',
      township: '130534100',
      date: '2026-11-20',
      content: '走访了解染色工艺',
      attachments: ['ab'.repeat(32)],
    };
    const demand = prefillFrom('demand', 'visit', 'visit-9', visit);
    expect(demand).toMatchObject({
      visit: 'visit-9',
      enterprise: 'ent-1',
      county: '130534',
      township: '130534100',
      status: 'draft',
    });
    expect(demand).not.toHaveProperty('content');
    expect(demand).not.toHaveProperty('date');
    expect(demand).not.toHaveProperty('attachments');
  });
});

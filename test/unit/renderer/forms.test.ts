// A clerk's form: kept drafts, Enter that moves on, dates typed the way the importer reads them, what a record
// takes from its enterprise and from the visit it was found on, the calendar's language.
// @vitest-environment jsdom
import { getField } from '@shared/domain/registry';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { parseTypedDate } from '../../../renderer/src/components/schema/DateInput';
import { displayValue, titleEntity } from '../../../renderer/src/components/schema/display';
import { clearDraft, draftKey, draftOf, readDraft, writeDraft } from '../../../renderer/src/components/schema/drafts';
import { isMoveOnEnter, nextControl } from '../../../renderer/src/components/schema/enter-next';
import { applyDayjsLocale, formatDateTime, formatDateTimeLong, hlcTime } from '../../../renderer/src/format';
import { ENTITY_SECTIONS } from '../../../renderer/src/pages/entity/config';
import { carriedFromEnterprise, prefillFrom } from '../../../renderer/src/pages/entity/prefill';
import { fitZoom, PRINTABLE } from '../../../renderer/src/pages/entity/PrintView';

const deadline = getField('demand', 'deadline')!;

describe('a typed date', () => {
  it.each([
    ['2027年3月1日', '2027-03-01'],
    ['2027/9/1', '2027-09-01'],
    ['2027-03-01', '2027-03-01'],
    ['２０２７年３月１日', '2027-03-01'],
    ['20270301', '2027-03-01'],
  ])('「%s」is kept as %s', (typed, iso) => {
    expect(parseTypedDate(deadline, typed)).toBe(iso);
  });

  it.each(['2027年2月30日', '明年三月', '3/1'])('「%s」is no date (the field then says why)', (typed) => {
    expect(parseTypedDate(deadline, typed)).toBeNull();
  });
});

describe('kept drafts', () => {
  it('hold only what differs from the start, and a cleared field', () => {
    const initial = { status: 'draft', source: 'enterprise_filed', county: '130534' };
    expect(draftOf(initial, { ...initial })).toEqual({});
    expect(draftOf(initial, { ...initial, name: '羊绒染色', county: null })).toEqual({
      name: '羊绒染色',
      county: null,
    });
  });

  it('survive in storage until cleared; an empty draft is no draft', () => {
    const key = draftKey('demand', null);
    writeDraft(key, { name: '羊绒染色' });
    expect(readDraft(key)).toEqual({ name: '羊绒染色' });
    writeDraft(key, {});
    expect(readDraft(key)).toBeNull();
    writeDraft(key, { name: '羊绒染色' });
    clearDraft(key);
    expect(readDraft(key)).toBeNull();
  });

  it('are one per form: a new record, an edit, a record made from another', () => {
    const keys = new Set([draftKey('demand', null), draftKey('demand', 'd-1'), draftKey('demand', null, 'v-1')]);
    expect(keys.size).toBe(3);
  });

  it('an unreadable stored draft is ignored, not thrown', () => {
    localStorage.setItem(draftKey('visit', null), '{broken');
    expect(readDraft(draftKey('visit', null))).toBeNull();
  });
});

describe('Enter in a form', () => {
  const form = (): HTMLElement => {
    document.body.innerHTML = `<form>
      <div class="ant-form-item-control"><input id="a"></div>
      <div class="ant-form-item-control"><input type="file" id="file"><textarea id="b"></textarea></div>
      <div class="ant-form-item-control"><button role="switch" id="c"></button></div>
      <div class="ant-form-item-control"><input id="d" disabled></div>
      <button data-testid="form-save" type="submit">保存</button></form>`;
    return document.querySelector('form')!;
  };
  const enter = (target: Element, extra: Record<string, unknown> = {}) => ({
    key: 'Enter',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    target,
    nativeEvent: { isComposing: false, keyCode: 13 },
    ...extra,
  });

  it('moves field to field, and from the last one to 保存 (which it does not press)', () => {
    const f = form();
    expect(nextControl(f, f.querySelector('#a')!)!.id).toBe('b');
    expect(nextControl(f, f.querySelector('#b')!)!.id).toBe('c');
    expect(nextControl(f, f.querySelector('#c')!)!.dataset.testid).toBe('form-save');
  });

  it('leaves Enter alone in a text area, in an open list and while an IME composes', () => {
    const f = form();
    const input = f.querySelector('#a')!;
    expect(isMoveOnEnter(enter(input))).toBe(true);
    expect(isMoveOnEnter(enter(f.querySelector('#b')!))).toBe(false);
    expect(isMoveOnEnter(enter(input, { nativeEvent: { isComposing: true } }))).toBe(false);
    expect(isMoveOnEnter(enter(input, { nativeEvent: { keyCode: 229 } }))).toBe(false);
    input.setAttribute('aria-expanded', 'true');
    expect(isMoveOnEnter(enter(input))).toBe(false);
    expect(isMoveOnEnter(enter(f.querySelector('#a')!, { key: 'a' }))).toBe(false);
  });
});

describe('what a record takes from its enterprise', () => {
  const enterprise = { name: '清河羊绒', county: '130534', township: '130534100', cluster: 'cl-1', industry: 'ind-1' };

  it('a demand takes the county, township, cluster and industry', () => {
    expect(carriedFromEnterprise('demand', enterprise)).toEqual({
      county: '130534',
      township: '130534100',
      cluster: 'cl-1',
      industry: 'ind-1',
    });
  });

  it('a visit takes the county only (it goes to an enterprise or to a township, not both)', () => {
    expect(carriedFromEnterprise('visit', enterprise)).toEqual({ county: '130534' });
  });

  it('an enterprise without a township clears the old one, as it may lie in another county', () => {
    expect(carriedFromEnterprise('demand', { county: '130181' })).toEqual({ county: '130181', township: null });
  });
});

describe('a demand made from a visit', () => {
  it('is 走访发现 and starts from the problems the visit found', () => {
    const rule = ENTITY_SECTIONS.visits!.derive!.find((d) => d.section === 'demands')!.prefill;
    const visit = { enterprise: 'e-1', county: '130534', problemsFound: '染色废水 COD 偏高' };
    const demand = prefillFrom('demand', 'visit', 'v-1', visit, rule);
    expect(demand).toMatchObject({ visit: 'v-1', source: 'visit_found', problem: '染色废水 COD 偏高' });
  });
});

describe('the calendar language', () => {
  it('follows the UI: Chinese month and weekday names in the Chinese UI, English in the English one', () => {
    applyDayjsLocale('zh-CN');
    expect(dayjs('2026-12-06').format('MMM dd')).toBe('12月 日');
    applyDayjsLocale('en');
    expect(dayjs('2026-12-06').format('MMM dd')).toBe('Dec Su');
  });
});

describe('times shown and written', () => {
  it('are the office clock (Asia/Shanghai), not UTC: the print heading and the monthly report use formatDateTime', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      expect(formatDateTime('2026-12-04T17:08:00.000Z')).toBe('2026-12-05 01:08');
      expect(formatDateTime(hlcTime('2026-12-04T23:30:00.000Z-0000-dev'))).toBe('2026-12-05 07:30');
    } finally {
      process.env.TZ = before;
    }
  });

  it('a print sheet longer than A4 is zoomed to fit one page, a short one is left as it is', () => {
    expect(fitZoom(500)).toBe(1);
    const zoom = fitZoom(PRINTABLE.height * 1.5);
    expect(zoom).toBeLessThan(0.67);
    expect(zoom * PRINTABLE.height * 1.5).toBeLessThanOrEqual(PRINTABLE.height);
  });
});

describe('an attachment in the history and the details', () => {
  it('is named by its file name, never by its hash', () => {
    const field = getField('visit', 'attachments')!;
    const sha = 'ab'.repeat(32);
    expect(titleEntity(field)).toBe('attachment');
    expect(displayValue(field, [sha], 'zh-CN', new Map([[sha, '签到表.png']]))).toBe('签到表.png');
    expect(displayValue(field, [sha], 'zh-CN', new Map())).toBe('abababab');
  });
});

describe('one date format per view', () => {
  it('times next to long dates are long too (details, history, print)', () => {
    const at = new Date(2026, 11, 4, 9, 5);
    expect(formatDateTimeLong(at, 'zh-CN')).toBe('2026年12月4日 09:05');
    expect(formatDateTimeLong(at, 'en')).toBe('12/4/2026 09:05');
    expect(formatDateTimeLong('not a date', 'zh-CN')).toBe('');
  });
});

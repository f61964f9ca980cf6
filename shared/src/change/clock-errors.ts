/**
 * Clock problems in plain words. A PC whose date is wrong must get a clear, fixable message,
 * never a crash; the stable codes are what APIs and logs carry.
 */

export interface PlainMessage {
  zh: string;
  en: string;
}

/** 'behind': this PC's clock is slow compared with the other side; 'ahead': it is fast. */
export type DriftDirection = 'behind' | 'ahead';
/** What the local clock was compared with: the server's receipt time, or another device's timestamp. */
export type DriftReference = 'server' | 'peer';

/** Data form of a clock-drift finding: what `checkClockSkew` returns and `ClockDriftError` carries. */
export interface ClockDrift {
  code: 'CLOCK_DRIFT';
  /** Local clock minus the reference clock, in ms: negative when this PC is behind. */
  driftMs: number;
  direction: DriftDirection;
  against: DriftReference;
  maxDriftMs: number;
  messages: PlainMessage;
}

export class ClockDriftError extends Error implements ClockDrift {
  readonly code = 'CLOCK_DRIFT' as const;
  readonly driftMs: number;
  readonly direction: DriftDirection;
  readonly against: DriftReference;
  readonly maxDriftMs: number;
  readonly messages: PlainMessage;

  constructor(drift: Omit<ClockDrift, 'code' | 'messages' | 'direction'>) {
    const info = describeDrift(drift.driftMs, drift.maxDriftMs, drift.against);
    super(info.messages.zh);
    this.name = 'ClockDriftError';
    this.driftMs = info.driftMs;
    this.direction = info.direction;
    this.against = info.against;
    this.maxDriftMs = info.maxDriftMs;
    this.messages = info.messages;
  }
}

export class ClockCounterOverflowError extends Error {
  readonly code = 'CLOCK_COUNTER_OVERFLOW' as const;
  readonly messages: PlainMessage = {
    zh: '同一时刻产生的修改过多，本机时钟无法再区分先后。请稍等片刻再保存；已录入的数据不会丢失。',
    en: 'Too many changes were made within the same instant for the clock to order them. Wait a moment and save again; nothing entered has been lost.',
  };
  constructor() {
    super('');
    this.message = this.messages.zh;
    this.name = 'ClockCounterOverflowError';
  }
}

export class InvalidHlcError extends Error {
  readonly code = 'HLC_INVALID' as const;
  readonly value: unknown;
  constructor(value: unknown, why: string) {
    super(`invalid HLC timestamp (${why}): ${JSON.stringify(value)}`);
    this.name = 'InvalidHlcError';
    this.value = value;
  }
}

/** Builds the drift finding with messages; `driftMs` is local minus reference. */
export function describeDrift(driftMs: number, maxDriftMs: number, against: DriftReference): ClockDrift {
  const direction: DriftDirection = driftMs < 0 ? 'behind' : 'ahead';
  const { zh: amountZh, en: amountEn } = roughDuration(Math.abs(driftMs));
  const otherZh = against === 'server' ? '服务器' : '其他设备';
  const otherEn = against === 'server' ? 'the server' : 'another device';
  const zh =
    `本机时间比${otherZh}${direction === 'behind' ? '慢' : '快'}了约 ${amountZh}。` +
    '请先校正电脑的日期和时间，再同步。已录入的数据不会丢失。';
  const en =
    `This computer's clock is about ${amountEn} ${direction === 'behind' ? 'behind' : 'ahead of'} ${otherEn}. ` +
    'Please correct the date and time on this computer, then sync again. Nothing entered has been lost.';
  return { code: 'CLOCK_DRIFT', driftMs, direction, against, maxDriftMs, messages: { zh, en } };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function roughDuration(ms: number): PlainMessage {
  if (ms >= DAY) return unit(Math.round(ms / DAY), '天', 'day');
  if (ms >= HOUR) return unit(Math.round(ms / HOUR), '小时', 'hour');
  if (ms >= MINUTE) return unit(Math.round(ms / MINUTE), '分钟', 'minute');
  return unit(Math.max(1, Math.round(ms / 1000)), '秒', 'second');
}

function unit(n: number, zh: string, en: string): PlainMessage {
  return { zh: `${n} ${zh}`, en: `${n} ${en}${n === 1 ? '' : 's'}` };
}

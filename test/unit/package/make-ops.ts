/** Deterministic, realistic ops for package tests and the package benchmark (demand records in Chinese). */
import { type Op } from '@shared/change/op';
import { type PackageHeaderInput } from '@shared/package/package';

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0').slice(-width);

export function uuid(n: number, version = 7): string {
  const h = hex(n, 12);
  return `0190a1b2-c3d4-${version}${hex(n >>> 12, 3)}-8${hex(n, 3)}-${h}`;
}

export const DEVICE = 'dev-130132-01';
export const COUNTY = '130132';
const NODE = '3f9c2b1e8d7a6c54';

const TITLES = [
  '小麦秸秆综合利用技术需求',
  '设施蔬菜水肥一体化改造',
  '铸造企业废砂再生工艺',
  '中药材规范化种植与初加工',
  '精密轴承热处理质量提升',
];
const DESCRIPTIONS = [
  '企业现有生产线能耗偏高，希望引进节能降耗新工艺，并与省内高校合作开展联合攻关，预计投入资金三百万元。',
  '合作社种植面积约八百亩，缺少病虫害绿色防控技术，需要科技特派员定期入户指导，并提供检测服务。',
  '产品出口需要通过欧盟认证，急需检测方法和标准咨询；同时希望建立企业研发中心，申报高新技术企业。',
];

/** One demand record as field-level ops: title, description, amount, status, contact. */
export function demandOps(count: number, options: { device?: string; startAt?: number } = {}): Op[] {
  const device = options.device ?? DEVICE;
  const ops: Op[] = [];
  const start = options.startAt ?? 0;
  for (let i = start; i < start + count; i++) {
    const record = Math.floor(i / 5);
    const fieldIndex = i % 5;
    const [field, value] = (
      [
        ['title', `${TITLES[record % TITLES.length]!}（${record}号）`],
        ['description', DESCRIPTIONS[record % DESCRIPTIONS.length]!],
        ['amountWan', 50 + (record % 17) * 12.5],
        ['status', record % 3 === 0 ? 'open' : 'matched'],
        ['contact', { name: '张建国', phone: '0311-8765' + hex(record, 4), roles: ['联系人', '技术负责人'] }],
      ] as const
    )[fieldIndex]!;
    const ms = 1764360870123 + i;
    ops.push({
      opId: uuid(i + 1),
      entity: 'demand',
      recordId: uuid(1_000_000 + record),
      field,
      value: value as Op['value'],
      hlc: `${new Date(ms).toISOString()}-${hex(i % 65536, 4)}-${NODE}`,
      baseHlc: i % 7 === 0 ? null : `${new Date(ms - 60_000).toISOString()}-0000-${NODE}`,
      device,
      operator: '李梅',
      county: COUNTY,
      schemaVersion: 1,
      ...(i % 11 === 0 ? { source: { kind: 'import' as const, file: '2026年需求台账.xlsx', row: i + 2 } } : {}),
    });
  }
  return ops;
}

/** A valid changes-package header for DEVICE (seq 1 unless told). */
export function changesHeader(seq = 1, prevDigest: string | null = null): PackageHeaderInput {
  return {
    kind: 'changes',
    packageId: uuid(900 + seq, 4),
    county: COUNTY,
    device: DEVICE,
    seq,
    prevDigest,
    cursor: null,
    createdAt: '2026-11-28T20:30:00.000Z',
    schemaVersion: 1,
    appVersion: '0.1.0',
  };
}

import 'fake-indexeddb/auto';
import { LinkDeskDb } from '../../../../renderer/src/storage/db';
import { RecordRepository } from '../../../../renderer/src/storage/repositories';

let n = 0;
/** A fresh, empty database per test (fake-indexeddb keeps them in memory). */
export function freshDb(): LinkDeskDb {
  n += 1;
  return new LinkDeskDb(`linkdesk-test-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`);
}

/** A fake clock that moves on 1 s per call, so timestamps are distinct and readable. */
export function steppingNow(start = Date.UTC(2026, 10, 28, 9, 0, 0)): () => number {
  let t = start - 1000;
  return () => (t += 1000);
}

export function repoOn(db: LinkDeskDb): RecordRepository {
  return new RecordRepository(db, steppingNow());
}

export const ENTERPRISE = {
  creditCode: '91350100M000100Y43',
  name: '清河县羊绒制品有限公司',
  county: '130534',
};

export const demandFor = (enterpriseId: string): Record<string, string | string[]> => ({
  enterprise: enterpriseId,
  name: '羊绒染色废水处理',
  problem: '染色废水 COD 偏高，处理成本大',
  keywords: ['废水', '羊绒'],
  techField: 'new_materials',
  county: '130534',
});

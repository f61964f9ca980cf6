/** Valid example records, one per county-owned entity; tests change one thing at a time. */
import type { RecordValues } from '@shared/domain';

export const enterprise: RecordValues = {
  creditCode: '914403001922038216',
  name: '高阳县锦华纺织有限公司',
  county: '130628',
  township: '130628101',
  qualifications: ['high_tech', 'tech_sme'],
  contactPerson: '王敏',
  phone: '13812345678',
  profile: '主要生产毛巾和家纺产品。',
};

export const demand: RecordValues = {
  enterprise: '0192f0a0-0000-7000-8000-000000000001',
  name: '毛巾印染废水回用技术',
  problem: '印染废水处理成本高。',
  keyTechnology: '膜分离，回用率 ≥ 70%。',
  expectedGoal: '降低用水 30%。',
  keywords: ['印染', '废水回用'],
  techField: 'resources_environment',
  budget: 120.5,
  periodStart: 2025,
  periodEnd: 2026,
  solveMode: 'cooperative',
  cooperationModes: ['joint_dev', 'service'],
  currentTrl: 4,
  targetTrl: 7,
  source: 'visit_found',
  surveyDate: '2025-03-05',
  status: 'draft',
  county: '130628',
  township: '130628101',
};

export const visit: RecordValues = {
  commissioners: ['0192f0a0-0000-7000-8000-0000000000c1'],
  enterprise: '0192f0a0-0000-7000-8000-000000000001',
  date: '2025-03-05',
  durationDays: 1,
  mode: 'onsite',
  content: '现场查看废水处理工艺。',
  problemsSolved: 1,
  techSpread: 0,
  trainingSessions: 1,
  trainees: 25,
  followUpDate: '2025-04-01',
  attachments: ['a'.repeat(64)],
  county: '130628',
};

export const commissioner: RecordValues = {
  name: '李强',
  kind: 'enterprise',
  sendingUnit: '河北农业大学',
  phone: '0311-87654321',
  termStart: '2025-01-01',
  termEnd: '2025-12-31',
  county: '130628',
};

export const workstation: RecordValues = {
  name: '庞口镇科技特派员工作站',
  county: '130628',
  township: '130628101',
  hostUnit: '庞口镇人民政府',
  establishedDate: '2023-06-01',
};

export const attachment: RecordValues = {
  sha256: 'b'.repeat(64),
  name: '走访照片.jpg',
  size: 204_800,
  mime: 'image/jpeg',
  county: '130628',
};

export const notice: RecordValues = {
  title: '关于开展企业技术需求征集的通知',
  body: '各县（市、区）科技局：……',
  date: '2025-02-10',
};

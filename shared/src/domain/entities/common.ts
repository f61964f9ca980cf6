/** Field definitions several entities share (same meaning, same limits, same spreadsheet synonyms). */
import { L, type FieldInput } from '../schema';

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$/;

export function countyField(extra: Partial<FieldInput> = {}): FieldInput {
  return {
    name: 'county',
    kind: 'divisionCode',
    level: 'county',
    required: true,
    labels: L('所属县（市、区）', 'County'),
    help: L(
      '按行政区划代码记录；功能区（如高新区）也可选。',
      'Stored as the division code; functional zones may be chosen too.',
    ),
    headers: ['县（市、区）', '所属县区', '县区', '所在县', '县市区', '所属县', '县（市、区）名称', '区县'],
    ...extra,
  };
}

export function townshipField(extra: Partial<FieldInput> = {}): FieldInput {
  return {
    name: 'township',
    kind: 'divisionCode',
    level: 'township',
    labels: L('所在乡镇（街道）', 'Township'),
    headers: ['乡镇', '所在乡镇', '乡镇（街道）', '乡镇街道', '所属乡镇', '乡镇名称'],
    ...extra,
  };
}

export function phoneField(extra: Partial<FieldInput> = {}): FieldInput {
  return {
    name: 'phone',
    kind: 'text',
    maxLength: 30,
    labels: L('联系电话', 'Phone'),
    pattern: {
      regex: PHONE,
      hint: L(
        '11 位手机号，或带区号的固定电话（如 0311-12345678）',
        'an 11-digit mobile number or a landline with area code (e.g. 0311-12345678)',
      ),
    },
    headers: ['电话', '手机', '手机号', '手机号码', '联系方式', '联系电话（手机）', '电话号码'],
    ...extra,
  };
}

export function attachmentsField(extra: Partial<FieldInput> = {}): FieldInput {
  return {
    name: 'attachments',
    kind: 'attachments',
    maxCount: 20,
    labels: L('附件', 'Attachments'),
    help: L('照片或 PDF，最多 20 个。', 'Photos or PDFs, at most 20.'),
    headers: ['附件', '照片'],
    ...extra,
  };
}

export function activeField(): FieldInput {
  return {
    name: 'active',
    kind: 'bool',
    default: true,
    labels: L('启用', 'In use'),
    help: L(
      '停用后不再出现在选择列表中，已有记录不受影响。',
      'When off, it no longer appears in pickers; existing records keep it.',
    ),
    headers: ['是否启用', '状态'],
  };
}

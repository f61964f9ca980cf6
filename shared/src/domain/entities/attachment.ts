import { defineEntity, L } from '../schema';
import { ATTACHMENT_MIME_TYPES } from '../vocab';

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A stored file, named by the SHA-256 of its bytes (content-addressed, so it syncs once). */
export const attachmentSchema = defineEntity({
  name: 'attachment',
  labels: L('附件', 'Attachment'),
  ownedBy: 'county',
  titleField: 'name',
  countyField: 'county',
  fields: [
    {
      name: 'sha256',
      kind: 'text',
      required: true,
      system: true,
      maxLength: 64,
      pattern: { regex: SHA256_HEX, hint: L('64 位小写十六进制', '64 lower-case hex digits') },
      labels: L('文件指纹', 'SHA-256'),
    },
    {
      name: 'name',
      kind: 'text',
      required: true,
      maxLength: 200,
      labels: L('文件名', 'File name'),
      listColumn: { order: 1, width: 240 },
    },
    {
      name: 'size',
      kind: 'int',
      required: true,
      system: true,
      min: 1,
      max: ATTACHMENT_MAX_BYTES,
      unit: L('字节', 'bytes'),
      labels: L('大小', 'Size'),
      help: L('单个文件不超过 20 MB。', 'At most 20 MB per file.'),
      listColumn: { order: 3, width: 100 },
    },
    {
      name: 'mime',
      kind: 'enum',
      options: ATTACHMENT_MIME_TYPES,
      required: true,
      system: true,
      labels: L('文件类型', 'File type'),
      help: L('只接受 JPEG、PNG、WebP 图片和 PDF。', 'Only JPEG, PNG, WebP images and PDFs.'),
      listColumn: { order: 2, width: 100 },
    },
    {
      name: 'county',
      kind: 'divisionCode',
      level: 'county',
      required: true,
      system: true,
      labels: L('所属县（市、区）', 'County'),
    },
  ],
});

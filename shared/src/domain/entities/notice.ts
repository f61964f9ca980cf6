import { defineEntity, L } from '../schema';
import { attachmentsField } from './common';

/** 省级通知: written by the province, read by every county. */
export const noticeSchema = defineEntity({
  name: 'notice',
  labels: L('通知', 'Notice'),
  ownedBy: 'province',
  titleField: 'title',
  fields: [
    {
      name: 'title',
      kind: 'text',
      required: true,
      maxLength: 100,
      labels: L('标题', 'Title'),
      headers: ['通知标题'],
      listColumn: { order: 1, width: 320 },
    },
    {
      name: 'body',
      kind: 'longtext',
      required: true,
      maxLength: 10_000,
      labels: L('正文', 'Text'),
      headers: ['内容', '通知内容'],
    },
    {
      name: 'date',
      kind: 'date',
      required: true,
      labels: L('发布日期', 'Date'),
      headers: ['日期', '发文日期'],
      listColumn: { order: 2, width: 110 },
    },
    attachmentsField(),
  ],
});

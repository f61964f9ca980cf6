/**
 * Attachments of a record: thumbnails from the local blob store (images) or a file tag (PDF), named by their
 * file name, and, in forms, a file picker that stores each file through the attachment repository. A photo
 * opens in the app's own viewer (zoom, rotate), never in a new window.
 */
import { Alert, Button, Image, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../app/session';
import { useRecord } from '../../data/useRecords';
import { pick, useLang, useT } from '../../i18n';
import { repos, ValidationError, valuesOf } from '../../storage/repositories';

function useObjectUrl(sha256: string): { url: string | null; mime: string } {
  const [state, setState] = useState<{ url: string | null; mime: string }>({ url: null, mime: '' });
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    const load = async (): Promise<void> => {
      const blob = await repos().attachments.get(sha256);
      if (!blob || !live) return;
      url = URL.createObjectURL(new Blob([blob.data], { type: blob.mime }));
      setState({ url, mime: blob.mime });
    };
    void load();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sha256]);
  return state;
}

/** The file name the attachment was added under (its record's title), or the start of its hash until read. */
export function useAttachmentName(sha256: string): string {
  const row = useRecord('attachment', sha256);
  const name = row ? valuesOf(row).name : undefined;
  return typeof name === 'string' && name ? name : sha256.slice(0, 8);
}

/** A photo at a fixed size for the print sheet (no viewer, nothing to click). */
export function PhotoThumb({ sha256, size }: { sha256: string; size: string }) {
  const { url, mime } = useObjectUrl(sha256);
  const name = useAttachmentName(sha256);
  if (!url || !mime.startsWith('image/')) return <Tag>{name}</Tag>;
  return (
    <figure style={{ margin: 0, width: size }}>
      <img src={url} alt={name} style={{ width: size, maxHeight: size, objectFit: 'contain' }} />
      <figcaption style={{ fontSize: 11, textAlign: 'center' }}>{name}</figcaption>
    </figure>
  );
}

export function Thumbnail({ sha256, onRemove }: { sha256: string; onRemove?: () => void }) {
  const t = useT();
  const { url, mime } = useObjectUrl(sha256);
  const name = useAttachmentName(sha256);
  return (
    <div
      data-testid="attachment-thumb"
      data-sha256={sha256}
      style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'center', gap: 4, maxWidth: 120 }}
    >
      {url && mime.startsWith('image/') ? (
        <Image
          src={url}
          alt={name}
          width={96}
          height={96}
          style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }}
          preview={{ cover: <span data-testid="attachment-open">{t('photo.open', { name })}</span> }}
        />
      ) : (
        <Tag>{mime || name}</Tag>
      )}
      <Typography.Text
        data-testid="attachment-name"
        ellipsis={{ tooltip: name }}
        style={{ maxWidth: 110, fontSize: 12 }}
      >
        {name}
      </Typography.Text>
      {onRemove && (
        <Button size="small" type="link" danger data-testid="attachment-remove" onClick={onRemove}>
          {t('attachments.remove')}
        </Button>
      )}
    </div>
  );
}

export function AttachmentList({ value }: { value: readonly string[] }) {
  return (
    <Space wrap>
      {value.map((sha) => (
        <Thumbnail key={sha} sha256={sha} />
      ))}
    </Space>
  );
}

export function AttachmentsInput({
  name,
  value,
  onChange,
  county,
  accept,
}: {
  name: string;
  value: string[] | null | undefined;
  onChange?: (v: string[]) => void;
  county: string | null;
  accept: string;
}) {
  const t = useT();
  const lang = useLang();
  const operator = useSession((s) => s.currentOperator);
  const [problem, setProblem] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const list = value ?? [];
  const add = async (files: FileList | null): Promise<void> => {
    if (!files || files.length === 0) return;
    if (!county) return setProblem(t('attachments.needCounty'));
    if (!operator) return setProblem(t('error.noOperator'));
    try {
      const added: string[] = [];
      for (const file of Array.from(files))
        added.push(
          await repos().attachments.add(
            { name: file.name, mime: file.type, bytes: await file.arrayBuffer() },
            { operator, county },
          ),
        );
      setProblem(null);
      onChange?.([...new Set([...list, ...added])]);
    } catch (error) {
      setProblem(
        error instanceof ValidationError
          ? error.errors.map((e) => pick(e.message, lang)).join(' ')
          : t('common.unexpectedError', { reason: (error as Error).message }),
      );
    } finally {
      if (picker.current) picker.current.value = '';
    }
  };
  return (
    <div data-testid={`field-${name}`}>
      <Space wrap align="start">
        {list.map((sha) => (
          <Thumbnail key={sha} sha256={sha} onRemove={() => onChange?.(list.filter((x) => x !== sha))} />
        ))}
        <input
          ref={picker}
          data-testid={`field-${name}-file`}
          type="file"
          multiple
          accept={accept}
          style={{ display: 'none' }}
          onChange={(e) => void add(e.target.files)}
        />
        <Button style={{ borderStyle: 'dashed' }} onClick={() => picker.current?.click()}>
          {t('attachments.add')}
        </Button>
      </Space>
      {problem && <Alert type="error" showIcon style={{ marginTop: 8 }} title={problem} />}
    </div>
  );
}

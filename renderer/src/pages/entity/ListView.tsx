/** The list of a record section: new button, IME-aware search, filters, virtualised list, empty states. */
import { Button, Space } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { SchemaList } from '../../components/schema/SchemaList';
import { SearchInput } from '../../components/SearchInput';
import { useRecords, useTitles } from '../../data/useRecords';
import { useT } from '../../i18n';
import { getSchema } from '@shared/domain/registry';
import type { EntitySection } from './config';
import { FilterBar } from './FilterBar';
import { usePublishShown } from '../import/shown-rows';
import { applyFilters, indexRows, type Filters } from './filtering';

export function ListView({ config, onOpen, onNew }: { config: EntitySection; onOpen: (id: string) => void; onNew: () => void }) {
  const t = useT();
  const rows = useRecords(config.entity);
  const targets = useMemo(() => [...new Set(getSchema(config.entity).fields.flatMap((f) => (f.target ? [f.target] : [])))], [config.entity]);
  const titles = useTitles(targets);
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const indexed = useMemo(() => indexRows(rows ?? []), [rows]);
  const deferredSearch = useDeferredValue(search);
  const shown = useMemo(() => applyFilters(indexed, deferredSearch, filters), [indexed, deferredSearch, filters]);
  usePublishShown(config.entity, shown);

  if (rows === undefined) return null;
  if (rows.length === 0) {
    return (
      <EmptyState
        text={t(config.empty)}
        action={
          config.readOnly ? undefined : (
            <Button type="primary" data-testid="record-new" onClick={onNew}>
              {t('common.new')}
            </Button>
          )
        }
      />
    );
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, flex: 1, minHeight: 0 }}>
      <Space wrap>
        {!config.readOnly && (
          <Button type="primary" data-testid="record-new" onClick={onNew}>
            {t('common.new')}
          </Button>
        )}
        <SearchInput onSearch={setSearch} placeholder={t('common.searchPlaceholder')} />
      </Space>
      {config.filters.length > 0 && <FilterBar entity={config.entity} fields={config.filters} rows={rows} titles={titles} value={filters} onChange={setFilters} />}
      {shown.length === 0 ? <EmptyState text={t('empty.noMatch')} testId="no-match" /> : <SchemaList entity={config.entity} rows={shown} titles={titles} onOpen={onOpen} height="calc(100vh - 260px)" />}
    </div>
  );
}

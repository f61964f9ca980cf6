/**
 * The list of a record section: new button, IME-aware search, filters, sortable virtualised list, empty states.
 * Its search, filters and sort live in the list store, so they are still there after opening a record.
 */
import { Alert, Button, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { flushSync } from 'react-dom';
import { EmptyState } from '../../components/EmptyState';
import { SchemaList } from '../../components/schema/SchemaList';
import { SearchInput } from '../../components/SearchInput';
import { nextSort, useListState } from '../../app/list-state';
import { useRecordIndex } from '../../data/list-index';
import { sortRows } from '../../data/sort-rows';
import { concernsOffice, useOfficeScope } from '../../data/useOfficeScope';
import { useRefTitles } from '../../data/useRecords';
import { useLang, useT } from '../../i18n';
import { getField, getSchema } from '@shared/domain/registry';
import type { EntitySection } from './config';
import { FilterBar } from './FilterBar';
import { usePublishShown } from '../import/shown-rows';

export function ListView({
  config,
  onOpen,
  onNew,
}: {
  config: EntitySection;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const { index, version, partial, error } = useRecordIndex(config.entity);
  const [{ search, filters, sort }, update] = useListState(config.section);
  const scope = useOfficeScope();
  const targets = useMemo(
    () => [...new Set(getSchema(config.entity).fields.flatMap((f) => (f.target ? [f.target] : [])))],
    [config.entity],
  );
  const titles = useRefTitles(targets);
  // the index answers a keystroke in a millisecond or two, so the list follows the search box in the same frame
  const found = useMemo(() => {
    const rows = index?.query(search, filters);
    // province-wide reference data: only what concerns this office (its county's clusters)
    return rows && config.officeField && scope
      ? rows.filter((r) => concernsOffice(scope, r.values[config.officeField!]))
      : rows;
  }, [index, version, search, filters, scope, config.officeField]);
  const shown = useMemo(() => {
    const field = sort ? getField(config.entity, sort.field) : undefined;
    if (!found || !sort || !field) return found;
    return sortRows(found, field, sort.order, lang, field.target ? titles.get(field.target) : undefined);
  }, [found, sort, config.entity, lang, titles]);
  // while only the first screen is in, an export would miss the rest: publish the rows once all are loaded
  usePublishShown(config.entity, partial ? undefined : shown);

  if (error && index === undefined)
    return (
      <Alert
        type="error"
        showIcon
        data-testid="list-error"
        title={t('list.loadFailed')}
        description={t('update.detail', { reason: error })}
      />
    );
  if (index === undefined || shown === undefined) return null;
  if (index.size === 0) {
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
    <div
      style={{ display: 'flex', flexDirection: 'column', gap: 12, flex: 1, minHeight: 0 }}
      data-testid="list-view"
      data-complete={partial ? 'false' : 'true'}
    >
      <Space wrap>
        {!config.readOnly && (
          <Button type="primary" data-testid="record-new" onClick={onNew}>
            {t('common.new')}
          </Button>
        )}
        <SearchInput
          initial={search}
          onSearch={(text) => flushSync(() => update({ search: text }))}
          placeholder={t('common.searchPlaceholder')}
        />
        {partial && (
          <Typography.Text type="secondary" data-testid="list-loading">
            {t('list.loadingAll')}
          </Typography.Text>
        )}
      </Space>
      {config.filters.length > 0 && (
        <FilterBar
          entity={config.entity}
          fields={config.filters}
          index={index}
          version={version}
          titles={titles}
          value={filters}
          onChange={(next) => update({ filters: next })}
        />
      )}
      {shown.length === 0 ? (
        <EmptyState text={t('empty.noMatch')} testId="no-match" />
      ) : (
        <SchemaList
          entity={config.entity}
          rows={shown}
          titles={titles}
          onOpen={onOpen}
          height="calc(100vh - 260px)"
          sort={sort}
          onSort={(field) => update({ sort: nextSort(sort, field) })}
        />
      )}
    </div>
  );
}

/** Which entity each record section shows, and what its list can be filtered by (schema field names). */
import type { EntityName } from '@shared/change/op';
import type { Section } from '../../app/sections';
import type { MessageKey } from '../../i18n';
import type { PrefillRule } from './prefill';

export interface EntitySection {
  section: Section;
  entity: EntityName;
  empty: MessageKey;
  filters: readonly string[];
  readOnly?: boolean;
  /** Province-wide reference data: the field naming the counties a record concerns; the list shows the office's. */
  officeField?: string;
  /** Records that can be made straight from one of this section's records (prefilled, linked back). */
  derive?: readonly { section: Section; label: MessageKey; prefill?: PrefillRule }[];
}

export const ENTITY_SECTIONS: Partial<Record<Section, EntitySection>> = {
  enterprises: {
    section: 'enterprises',
    entity: 'enterprise',
    empty: 'empty.enterprises',
    filters: ['county', 'township', 'cluster', 'qualifications'],
  },
  demands: {
    section: 'demands',
    entity: 'demand',
    empty: 'empty.demands',
    filters: ['county', 'cluster', 'industry', 'status', 'techField', 'activityType', 'township', 'currentTrl'],
  },
  commissioners: {
    section: 'commissioners',
    entity: 'commissioner',
    empty: 'empty.commissioners',
    filters: ['county', 'kind', 'workstation'],
  },
  visits: {
    section: 'visits',
    entity: 'visit',
    empty: 'empty.visits',
    filters: ['county', 'enterprise', 'mode', 'township'],
    derive: [
      {
        section: 'demands',
        label: 'visit.createDemand',
        // a demand found on a visit: its source says so and the problem found is where its description starts
        prefill: { set: { source: 'visit_found' }, carry: { problem: 'problemsFound' } },
      },
    ],
  },
  clusters: {
    section: 'clusters',
    entity: 'cluster',
    empty: 'empty.clusters',
    filters: ['industry'],
    readOnly: true,
    officeField: 'counties',
  },
};

import type { Section } from '../app/sections';
import { sectionLabelKey } from '../app/sections';
import { EmptyState } from '../components/EmptyState';
import { PageFrame } from '../components/PageFrame';
import { useT, type MessageKey } from '../i18n';

/** A section whose records are not editable yet: its title and what a first-time user should know. */
export function PlaceholderPage({ section, empty }: { section: Section; empty: MessageKey }) {
  const t = useT();
  return (
    <PageFrame section={section} title={t(sectionLabelKey(section))}>
      <EmptyState text={t(empty)} />
    </PageFrame>
  );
}

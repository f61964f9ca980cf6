import { Empty } from 'antd';
import type { ReactNode } from 'react';

/** An empty page or list that says what a first-time user should do next. */
export function EmptyState({ text, action, testId }: { text: string; action?: ReactNode; testId?: string }) {
  return (
    <Empty data-testid={testId ?? 'empty-state'} description={text} style={{ padding: '48px 0' }}>
      {action}
    </Empty>
  );
}

import { Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Section } from '../app/sections';

/** The root of every page: carries data-testid="page-<key>" and the title row. */
export function PageFrame({
  section,
  title,
  extra,
  children,
}: {
  section: Section;
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div
      data-testid={`page-${section}`}
      style={{ display: 'flex', flexDirection: 'column', gap: 16, height: '100%', minHeight: 0 }}
    >
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <div>{extra}</div>
      </div>
      {children}
    </div>
  );
}

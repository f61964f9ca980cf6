/**
 * The browser shell's connection, said on the page: while the shell restarts (or refuses a stale token) and in a
 * tab opened without the launch link, a banner says so and the client keeps trying; when the shell answers again
 * the page is shown afresh (its data read again), so nothing on screen is left stale.
 * Test ids: shell-connection (data-state).
 */
import { Alert } from 'antd';
import { Fragment, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { useT } from '../i18n';
import { getBridge, hasBridge, onShellConnection, shellConnection } from '../platform';
import { useSession } from './session';

function useShellConnection() {
  return useSyncExternalStore(onShellConnection, shellConnection);
}

export function ShellConnectionBanner() {
  const t = useT();
  const { state } = useShellConnection();
  useEffect(() => {
    // a first call tells a tab without the launch token at once (and starts the retries)
    if (hasBridge())
      void getBridge()
        .appInfo()
        .catch(() => undefined);
  }, []);
  if (state === 'ok') return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="shell-connection"
      data-state={state}
      style={{ marginBottom: 12 }}
      title={state === 'no-token' ? t('shell.noToken') : t('shell.lost')}
    />
  );
}

/** Its children mount afresh each time the connection comes back, and the header's counters are read again. */
export function ReconnectBoundary({ children }: { children: ReactNode }) {
  const { epoch } = useShellConnection();
  useEffect(() => {
    if (epoch > 0) void useSession.getState().refresh();
  }, [epoch]);
  return <Fragment key={epoch}>{children}</Fragment>;
}

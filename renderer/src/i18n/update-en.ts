import type { updateZhCN } from './update-zh-CN';

export const updateEn: { readonly [K in keyof typeof updateZhCN]: string } = {
  'update.title': 'Software update',
  'update.current': 'Current version: {version}',
  'update.check': 'Check for updates',
  'update.download': 'Download the new version',
  'update.install': 'Restart and install',
  'update.state.unsupported': 'This way of running the app cannot update itself; upgrade with the installer.',
  'update.state.no-server':
    'No provincial server is set, so updates cannot be checked. Enrol this PC on the Sync page first.',
  'update.state.idle': 'Updates have not been checked yet.',
  'update.state.up-to-date': 'You have the latest version.',
  'update.state.available': 'Version {version} is available to download.',
  'update.state.downloading': 'Downloading version {version}…',
  'update.state.downloaded':
    'Version {version} is downloaded and verified. Save your work, then click “Restart and install”.',
  'update.state.failed':
    'Checking or downloading the update did not succeed. Make sure this PC can reach the provincial server, then try again.',
  'update.detail': 'Details: {reason}',
};

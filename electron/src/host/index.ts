export { createHostServices, type HostServices, type HostServicesOptions } from './services';
export { createDataDirDialogs, type HostDialogs } from './dialogs';
export { resolveDataDir, resolveServerUrl } from './data-dir';
export { readAppVersion } from './version';

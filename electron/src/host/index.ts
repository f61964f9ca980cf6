export { createHostServices, type HostServices, type HostServicesOptions } from './services';
export { createDataDirDialogs, type HostDialogs } from './dialogs';
export { resolveDataDir, resolveServerUrl } from './data-dir';
export { readAppVersion } from './version';
export { createHostKeystore, DEV_KEY_WARNING, type HostKeystore, type SecretProtector } from './keystore';
export { type SyncHttp } from './transport';

/** The app's one DeviceSync (over the app database and the installed bridge); tests install their own. */
import { getBridge } from '../platform';
import { getDb } from '../storage/db';
import { DeviceSync } from './device-sync';

let current: DeviceSync | null = null;

export function deviceSync(): DeviceSync {
  current ??= new DeviceSync({ db: getDb(), bridge: getBridge() });
  return current;
}

export function setDeviceSync(next: DeviceSync | null): void {
  current = next;
}

export { DeviceSync, type EnrolmentState } from './device-sync';
export { EnrolError } from './enrolment';
export { resolveConflict } from './conflicts';

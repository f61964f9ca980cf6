/** The app's one DeviceSync (over the app database and the installed bridge); tests install their own. */
import { getBridge } from '../platform';
import { getDb } from '../storage/db';
import { repos } from '../storage/repositories';
import { DeviceSync } from './device-sync';

let current: DeviceSync | null = null;

export function deviceSync(): DeviceSync {
  // A re-stamp after clock-ahead resets the stored clock; the repositories must not keep writing with tomorrow's.
  current ??= new DeviceSync({ db: getDb(), bridge: getBridge(), onClockReset: () => repos().records.forgetDevice() });
  return current;
}

export function setDeviceSync(next: DeviceSync | null): void {
  current = next;
}

export { DeviceSync, type EnrolmentState } from './device-sync';
export { EnrolError } from './enrolment';
export { resolveConflict } from './conflicts';

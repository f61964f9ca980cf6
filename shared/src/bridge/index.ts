export * from './contract';
export * from './errors';
export * from './rpc';
export { BridgePayloadError } from './validators';

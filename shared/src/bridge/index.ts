export * from './contract';
export * from './errors';
export * from './rpc';
export { BridgePayloadError, type PayloadReason, type Validator } from './validators';

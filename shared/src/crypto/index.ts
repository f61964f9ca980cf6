export * from './canonical-json';
export * from './digest';
export * from './encoding';
export * from './signing';
export * from './software-keys';

export * from './contracts/index.js';
export * from './enclave/index.js';
export * from './light-client/index.js';
export * from './tee/index.js';

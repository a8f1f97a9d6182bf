export * from './light-client/index.js';

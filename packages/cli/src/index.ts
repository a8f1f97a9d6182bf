// The CLI's reusable parts: bundling a contract the way `phalanx contract build` does.
export { bundleContract } from './commands/contract.js';

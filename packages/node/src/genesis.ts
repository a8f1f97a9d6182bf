// Genesis and extrinsics roots are consensus: defined once in the runtime, shared with the light client.
export { extrinsicsRoot, genesisBlock } from '@phalanx/runtime';

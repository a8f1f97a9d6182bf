import { enumOf, type Infer, u32, unit } from '@phalanx/scale';

/** When in a block an event happened, as Substrate's `Phase`. */
export const Phase = enumOf('Phase', { ApplyExtrinsic: u32, Finalization: unit, Initialization: unit });
export type Phase = Infer<typeof Phase>;

import { bytes, enumOf, struct } from '@phalanx/scale';
import { RUNTIME } from '../../constants.js';

export const SystemCall = enumOf('SystemCall', {
  /** Records a hash of `remark` in an event; useful to anchor data and to test the pipeline. */
  remark: struct('remark', { remark: bytes(RUNTIME.maxRemarkBytes) }),
});

export { type Codec, decode, decodePrefix, encode, type Infer } from './codec.js';
export { Reader, Writer } from './io.js';
export { bool, u8, u16, u32, u64, u128, u256 } from './ints.js';
export { compact, compactU32, readCompact, readLength, writeCompact } from './compact.js';
export { bytes, fixedBytes, str } from './bytes.js';
export { lazy, mapCodec, option, struct, type StructValue, tuple, type TupleValue, vec } from './composite.js';
export { type EnumValue, enumOf, unit } from './enum.js';

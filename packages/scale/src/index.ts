export { bytes, fixedBytes, str } from './bytes.js';
export { type Codec, decode, decodePrefix, encode, type Infer } from './codec.js';
export { compact, compactU32, readCompact, readLength, writeCompact } from './compact.js';
export { lazy, mapCodec, option, type StructValue, struct, type TupleValue, tuple, vec } from './composite.js';
export { type EnumValue, enumOf, unit } from './enum.js';
export { bool, u8, u16, u32, u64, u128, u256 } from './ints.js';
export { Reader, Writer } from './io.js';

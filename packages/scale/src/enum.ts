import { type Codec, decodeError, encodeError, type Infer } from './codec.js';

type Variants = Record<string, Codec<unknown>>;

/** A tagged union value: `{ tag: 'Name', value }`. */
export type EnumValue<V extends Variants> = { [K in keyof V]: { tag: K; value: Infer<V[K]> } }[keyof V];

/**
 * A SCALE enum. Variant indexes follow declaration order unless `indexes` pins them (to keep
 * old indexes stable when a variant is retired). Unknown indexes are rejected.
 */
export function enumOf<V extends Variants>(
  name: string,
  variants: V,
  indexes?: { readonly [K in keyof V]: number },
): Codec<EnumValue<V>> {
  const tags = Object.keys(variants);
  const indexOf = new Map<string, number>();
  const byIndex = new Map<number, { tag: string; codec: Codec<unknown> }>();
  tags.forEach((tag, position) => {
    const index = indexes === undefined ? position : indexes[tag];
    if (index === undefined || !Number.isInteger(index) || index < 0 || index > 255 || byIndex.has(index)) {
      throw encodeError(`${name}: bad or duplicate variant index for ${tag}`);
    }
    indexOf.set(tag, index);
    byIndex.set(index, { tag, codec: variants[tag] as Codec<unknown> });
  });
  return {
    name,
    encodeTo(writer, value) {
      const index = typeof value === 'object' && value !== null ? indexOf.get(value.tag as string) : undefined;
      if (index === undefined) throw encodeError(`${name}: unknown variant`, { type: name });
      writer.u8(index);
      (variants[value.tag] as Codec<unknown>).encodeTo(writer, value.value);
    },
    decodeFrom(reader) {
      const index = reader.u8();
      const variant = byIndex.get(index);
      if (variant === undefined) throw decodeError(`${name}: unknown variant index ${index}`, { index });
      return { tag: variant.tag, value: variant.codec.decodeFrom(reader) } as EnumValue<V>;
    },
  };
}

/** The empty value, for enum variants that carry nothing. */
export const unit: Codec<null> = {
  name: '()',
  encodeTo() {},
  decodeFrom() {
    return null;
  },
};

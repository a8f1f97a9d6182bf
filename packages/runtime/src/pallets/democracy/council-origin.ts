/** The council share democracy's council calls need (Substrate's 2/3 cancellation and fast-track origins), or root. */
export const COUNCIL_DEMOCRACY_ORIGIN = { numerator: 2, denominator: 3 } as const;

declare const brand: unique symbol

/** A nominal type: a `T` that only code which checked it may produce. */
export type Brand<T, B extends string> = T & { readonly [brand]: B }

/** The marketplace's own id of a seller account (the `account` field of every record). */
export type AccountId = Brand<string, 'AccountId'>

/** Position of an event in the store's append-only log (1-based, gap-free per store). */
export type EventSeq = Brand<number, 'EventSeq'>

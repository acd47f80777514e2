/**
 * `T` with its own fields writable (not those of the objects it holds): a
 * local value filled in field by field, in the order that gives it its key
 * order, before it is handed on as the readonly `T` it then is.
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

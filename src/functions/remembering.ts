/**
 * A string function applied row by row, remembering its result per distinct text. Log fields such as
 * OperationName, ResourceId or a process name repeat a few values over millions of rows, and a Map lookup by
 * the text (V8 keeps a string's hash in the string) costs less than lower-casing the text or searching it again.
 */

/** Distinct texts a memo keeps; past this, the column is not one of few values and the memo is left alone. */
export const MAX_REMEMBERED = 4096;

/** Longer texts are never kept, so that a memo holds no log body alive. */
export const MAX_REMEMBERED_LENGTH = 256;

/**
 * `f` with a per-text memo. Once MAX_REMEMBERED texts are kept and another new one comes, the memo is no longer
 * consulted, so a column of unique values (IP addresses, GUIDs) soon pays only the plain call. `f` must be a pure
 * function of the text, and never return undefined.
 */
export function remembering<T>(f: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  let open = true;
  return (text) => {
    if (!open || text.length > MAX_REMEMBERED_LENGTH) return f(text);
    const known = memo.get(text);
    if (known !== undefined) return known;
    const value = f(text);
    if (memo.size < MAX_REMEMBERED) memo.set(text, value);
    else open = false;
    return value;
  };
}

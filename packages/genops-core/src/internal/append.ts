/**
 * @internal Appends `item` to `list`, creating the list on the first item. A list made by `[item]`
 * is sized for one element, where `[]` followed by `push` reserves spare room: on the per-call
 * paths most lists hold one item or none.
 *
 * @example
 * ```ts
 * let claims: Claim[] | undefined;
 * for (const budget of budgets) claims = append(claims, claimOf(budget));
 * ```
 */
export function append<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

/**
 * Every `k`-element subset of `xs`, each in the order of `xs`, listed in lexicographic order of
 * positions: `combinations([1, 2, 3], 2)` is `[[1, 2], [1, 3], [2, 3]]`. With `k = 0` it is `[[]]`.
 */
export function combinations(xs: readonly number[], k: number): number[][] {
  const out: number[][] = []
  const pick: number[] = []
  const go = (from: number): void => {
    if (pick.length === k) {
      out.push(pick.slice())
      return
    }
    for (let i = from; i <= xs.length - (k - pick.length); i++) {
      pick.push(xs[i] as number)
      go(i + 1)
      pick.pop()
    }
  }
  go(0)
  return out
}

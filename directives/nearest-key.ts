/**
 * The known key nearest to a mistyped one, to name in the error that refuses it. A key the
 * mistyped one is a start of wins (`user.contact.phone` → `user.contact.phone_number`, which edit
 * distance alone would place after `user.contact.email`); otherwise the fewest edits, counting a
 * swap of two neighbouring letters as one (`emial` → `email`).
 */
export function nearestKey(wrong: string, known: Iterable<string>): string | null {
  const w = wrong.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const key of known) {
    const k = key.toLowerCase();
    // Extensions of the wrong key rank before any edit; among them, the shortest.
    const score = k.startsWith(w) && k !== w ? -1 / k.length : editDistance(w, k);
    if (score < bestScore) [best, bestScore] = [key, score];
  }
  return best;
}

/** Edits (insert, delete, substitute, swap neighbours) that turn `a` into `b`: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

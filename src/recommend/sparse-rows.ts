/**
 * Compressed sparse rows: row r holds `indices[offsets[r]..offsets[r+1])` with matching
 * `values`. Used for user x item histories, top-k neighbour lists and TF-IDF vectors.
 */
export interface SparseRows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** JSON form of `SparseRows` (plain arrays) for model snapshots. */
export interface SparseRowsJSON {
  offsets: number[];
  indices: number[];
  values: number[];
}

/** Builds rows from per-row lists of [index, value] pairs, keeping the given order. */
export function sparseRowsFrom(rows: readonly (readonly (readonly [number, number])[])[]): SparseRows {
  const offsets = new Int32Array(rows.length + 1);
  let total = 0;
  rows.forEach((row, r) => {
    total += row.length;
    offsets[r + 1] = total;
  });
  const indices = new Int32Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const row of rows) {
    for (const [i, v] of row) {
      indices[at] = i;
      values[at] = v;
      at++;
    }
  }
  return { offsets, indices, values };
}

export function rowCount(rows: SparseRows): number {
  return rows.offsets.length - 1;
}

export function rowLength(rows: SparseRows, r: number): number {
  return rows.offsets[r + 1]! - rows.offsets[r]!;
}

/** Transposes rows x cols into cols x rows (e.g. user->items into item->users). */
export function transpose(rows: SparseRows, cols: number): SparseRows {
  const counts = new Int32Array(cols + 1);
  for (const c of rows.indices) counts[c + 1]!++;
  for (let c = 0; c < cols; c++) counts[c + 1]! += counts[c]!;
  const offsets = counts.slice();
  const fill = counts.slice(0, cols);
  const indices = new Int32Array(rows.indices.length);
  const values = new Float64Array(rows.indices.length);
  for (let r = 0; r < rows.offsets.length - 1; r++) {
    for (let p = rows.offsets[r]!; p < rows.offsets[r + 1]!; p++) {
      const c = rows.indices[p]!;
      const at = fill[c]!++;
      indices[at] = r;
      values[at] = rows.values[p]!;
    }
  }
  return { offsets, indices, values };
}

export function sparseRowsToJSON(rows: SparseRows): SparseRowsJSON {
  return { offsets: Array.from(rows.offsets), indices: Array.from(rows.indices), values: Array.from(rows.values) };
}

export function sparseRowsFromJSON(json: SparseRowsJSON): SparseRows {
  return { offsets: Int32Array.from(json.offsets), indices: Int32Array.from(json.indices), values: Float64Array.from(json.values) };
}

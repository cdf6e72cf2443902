// The selection and sorting algorithms behind PyTorch 1.13's CPU sort / topk / kthvalue, step for
// step: libstdc++'s std::sort (introsort), std::nth_element (introselect) and std::partial_sort
// (heap select), and ATen's own quick_select_template. Which of several equal elements lands
// where is not specified by PyTorch, but it is determined by these algorithms, so following them
// gives the same indices PyTorch returns for ties (and the same order from topk(sorted=False)).
// Every function permutes `a` (an array of element ids) in [first, last), comparing ids with
// `less`; nothing else is read or written.

export type Less = (a: number, b: number) => boolean;
type Ids = Int32Array;

const THRESHOLD = 16; // libstdc++'s _S_threshold
const lg = (n: number): number => 31 - Math.clz32(n);

function swap(a: Ids, i: number, j: number): void { const t = a[i]; a[i] = a[j]; a[j] = t; }

function unguardedLinearInsert(a: Ids, last: number, less: Less): void {
  const v = a[last];
  let next = last - 1;
  while (less(v, a[next])) { a[last] = a[next]; last = next; next--; }
  a[last] = v;
}

function insertionSort(a: Ids, first: number, last: number, less: Less): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    if (less(a[i], a[first])) {
      const v = a[i];
      a.copyWithin(first + 1, first, i);
      a[first] = v;
    } else unguardedLinearInsert(a, i, less);
  }
}

function moveMedianToFirst(a: Ids, result: number, x: number, y: number, z: number, less: Less): void {
  let s: number;
  if (less(a[x], a[y])) s = less(a[y], a[z]) ? y : less(a[x], a[z]) ? z : x;
  else s = less(a[x], a[z]) ? x : less(a[y], a[z]) ? z : y;
  swap(a, result, s);
}

function unguardedPartitionPivot(a: Ids, first: number, last: number, less: Less): number {
  moveMedianToFirst(a, first, first + 1, first + ((last - first) >> 1), last - 1, less);
  const pivot = a[first];
  let f = first + 1, l = last;
  for (;;) {
    while (less(a[f], pivot)) f++;
    l--;
    while (less(pivot, a[l])) l--;
    if (!(f < l)) return f;
    swap(a, f, l);
    f++;
  }
}

// ---- heaps (std::__heap_select, std::__sort_heap) ----
function pushHeap(a: Ids, first: number, hole: number, top: number, v: number, less: Less): void {
  let parent = (hole - 1) >> 1;
  while (hole > top && less(a[first + parent], v)) {
    a[first + hole] = a[first + parent];
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  a[first + hole] = v;
}

function adjustHeap(a: Ids, first: number, hole: number, len: number, v: number, less: Less): void {
  const top = hole;
  let child = hole;
  while (child < ((len - 1) >> 1)) {
    child = 2 * (child + 1);
    if (less(a[first + child], a[first + child - 1])) child--;
    a[first + hole] = a[first + child];
    hole = child;
  }
  if ((len & 1) === 0 && child === ((len - 2) >> 1)) {
    child = 2 * (child + 1);
    a[first + hole] = a[first + child - 1];
    hole = child - 1;
  }
  pushHeap(a, first, hole, top, v, less);
}

function popHeap(a: Ids, first: number, last: number, result: number, less: Less): void {
  const v = a[result];
  a[result] = a[first];
  adjustHeap(a, first, 0, last - first, v, less);
}

function heapSelect(a: Ids, first: number, middle: number, last: number, less: Less): void {
  const len = middle - first;
  if (len >= 2) for (let parent = (len - 2) >> 1; ; parent--) {
    adjustHeap(a, first, parent, len, a[first + parent], less);
    if (parent === 0) break;
  }
  for (let i = middle; i < last; i++) if (less(a[i], a[first])) popHeap(a, first, middle, i, less);
}

/** std::partial_sort: the `middle - first` smallest (by less) in order at the front. */
export function partialSort(a: Ids, first: number, middle: number, last: number, less: Less): void {
  heapSelect(a, first, middle, last, less);
  for (let l = middle; l - first > 1;) { l--; popHeap(a, first, l, l, less); }
}

function introsortLoop(a: Ids, first: number, last: number, depth: number, less: Less): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) { partialSort(a, first, last, last, less); return; }
    depth--;
    const cut = unguardedPartitionPivot(a, first, last, less);
    introsortLoop(a, cut, last, depth, less);
    last = cut;
  }
}

/** std::sort (not stable). */
export function stdSort(a: Ids, first: number, last: number, less: Less): void {
  if (first === last) return;
  introsortLoop(a, first, last, lg(last - first) * 2, less);
  if (last - first > THRESHOLD) {
    insertionSort(a, first, first + THRESHOLD, less);
    for (let i = first + THRESHOLD; i < last; i++) unguardedLinearInsert(a, i, less);
  } else insertionSort(a, first, last, less);
}

/** std::nth_element. */
export function nthElement(a: Ids, first: number, nth: number, last: number, less: Less): void {
  if (first === last || nth === last) return;
  let depth = lg(last - first) * 2;
  while (last - first > 3) {
    if (depth === 0) { heapSelect(a, first, nth + 1, last, less); swap(a, first, nth); return; }
    depth--;
    const cut = unguardedPartitionPivot(a, first, last, less);
    if (cut <= nth) first = cut; else last = cut;
  }
  insertionSort(a, first, last, less);
}

/** ATen's quick_select_template (kthvalue): puts the k-th (0-based) id by `greater` at a[k]. */
export function quickSelect(a: Ids, k: number, greater: Less): void {
  let L = 0, R = a.length - 1;
  for (;;) {
    if (R <= L) return;
    if (R === L + 1) { if (greater(a[L], a[R])) swap(a, L, R); return; }
    swap(a, L + ((R - L) >> 1), L + 1);
    if (greater(a[L + 1], a[R])) swap(a, L + 1, R);
    if (greater(a[L], a[R])) swap(a, L, R);
    if (greater(a[L + 1], a[L])) swap(a, L + 1, L);
    let i = L + 1, j = R;
    const piv = a[L];
    for (;;) {
      do i++; while (greater(piv, a[i]));
      do j--; while (greater(a[j], piv));
      if (j < i) break;
      swap(a, i, j);
    }
    swap(a, L, j);
    if (j <= k) L = i;
    if (j >= k) R = j - 1;
  }
}

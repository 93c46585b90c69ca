//! Stable sorting through one shared sort of indices: the sorting code is in the WebAssembly
//! once, not once for every type sorted (a stable sort is a few kilobytes each time).

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`: equal elements keep their order.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order = order_of(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // Position k receives the element now at order[k]: each cycle of the permutation is
    // walked once, swapping along it.
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != usize::MAX {
            let from = order[at];
            order[at] = usize::MAX;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `v` stably by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The indices `0..n` in the order `cmp` gives them, ties by index (so the order is stable).
fn order_of(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(
            v,
            [(0, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
        let mut v: Vec<i32> = vec![];
        sort_by_key(&mut v, |x| *x);
        assert!(v.is_empty());
    }

    #[test]
    fn same_as_the_standard_stable_sort() {
        // A fixed pseudo-random sequence with many ties.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let items: Vec<(u8, usize)> = (0..500)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x % 17) as u8, i)
            })
            .collect();
        let mut ours = items.clone();
        let mut std = items;
        sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
        std.sort_by_key(|p| std::cmp::Reverse(p.0));
        assert_eq!(ours, std);
    }
}

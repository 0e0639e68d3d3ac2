use smallvec::SmallVec;

/// The first `n` squares, kept inline for small `n`.
pub fn squares(n: u32) -> SmallVec<[u32; 8]> {
    (1..=n).map(|i| i * i).collect()
}

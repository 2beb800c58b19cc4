//! Random ids: conversation ids (the bearer token for feedback and hand-off), request ids and
//! incident ids. A module of its own so the request log, the error map and the routes use one
//! source without importing each other.

/// A random 32-hex-digit id (128 bits from the operating system's random source): a
/// conversation id is the bearer token for feedback and hand-off on that conversation, so it
/// must not be guessable.
pub fn new_id() -> String {
    let mut buf = [0u8; 16];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness (never seen in practice): fall back to a hash of the clock and
        // a per-process random key, which is still not sequential.
        use std::hash::{BuildHasher, Hasher};
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        for (i, part) in buf.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(nanos);
            h.write_usize(i);
            part.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

//! Credentials are stored as SHA-256 digests and compared in constant time.

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

/// The digest a credential is stored as.
pub(crate) fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether `candidate` equals any of `stored`, looking at every one of them, so the time taken
/// says nothing about which one matched or how much of it did.
pub(crate) fn matches_any<'a>(
    candidate: &[u8; 32],
    stored: impl Iterator<Item = &'a [u8]>,
) -> bool {
    let mut found = Choice::from(0);
    for digest in stored {
        found |= candidate.as_slice().ct_eq(digest);
    }
    found.into()
}

/// Whether `secret` is one of the `stored` credentials (digest, expiry in milliseconds since
/// the Unix epoch, `None` for never) that have not expired at `now_ms`; every one is looked at.
pub(crate) fn matches_unexpired(
    secret: &str,
    stored: &[(Vec<u8>, Option<i64>)],
    now_ms: i64,
) -> bool {
    let live = stored
        .iter()
        .filter(|(_, expires)| expires.is_none_or(|at| at > now_ms))
        .map(|(digest, _)| digest.as_slice());
    matches_any(&digest(secret), live)
}

#[cfg(test)]
mod tests {
    use super::{digest, matches_any};

    #[test]
    fn only_the_same_secret_matches() {
        let stored = [digest("a"), digest("b")];
        let all = || stored.iter().map(<[u8; 32]>::as_slice);
        assert!(matches_any(&digest("b"), all()));
        assert!(!matches_any(&digest("c"), all()));
        assert!(!matches_any(&digest("b"), std::iter::empty()));
        assert!(!matches_any(&digest("a"), [&digest("a")[..31]].into_iter()));
    }
}

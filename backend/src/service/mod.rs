//! Services: all data access and business rules. Each function takes the connection, owns its
//! transaction, and returns the domain's `Error`.

pub mod access;
pub mod application;
pub mod audit;
pub mod award;
pub mod evidence;
pub mod fund;
pub mod learner;
pub mod ledger;
pub mod membership;
pub mod organization;
pub mod program;
pub mod review;

/// One page of a list, in the list's order, and whether more follow.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// A page from a query that fetched one row more than `first`: that extra row tells
    /// whether another page follows, without a COUNT.
    pub fn from_overfetch(mut items: Vec<T>, first: u64) -> Self {
        let has_next_page = items.len() as u64 > first;
        items.truncate(usize::try_from(first).unwrap_or(usize::MAX));
        Self {
            items,
            has_next_page,
        }
    }
}

/// The SHA-256 of `bytes` in lower-case hex: session tokens, idempotent requests and evidence
/// files are all known by it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

//! Services: all data access and business rules. Each function takes the connection, owns its
//! transaction, and returns the domain's `Error`.

pub mod access;
pub mod audit;
pub mod membership;
pub mod organization;

/// One page of a list, in the list's order, and whether more follow.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

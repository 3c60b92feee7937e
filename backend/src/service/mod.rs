//! Services: all data access and business rules. Each function takes the connection, owns its
//! transaction, and returns the domain's `Error`.

pub mod access;
pub mod audit;
pub mod organization;

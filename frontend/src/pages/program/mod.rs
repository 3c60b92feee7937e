//! Programs: the public list and each program's terms and recipients; the program manager's
//! board and decision panel; the treasurer's payouts and receipt list.

pub mod board;
pub mod decisions;
pub mod duplicates;
pub mod list;
pub mod payouts;
pub mod public;
pub mod setup;

//! The longest lists a request may carry. The client checks them before it sends a request and
//! the server when it reads one, so both refuse the same requests, with error 1000 naming the
//! parameter (a list past what the store can query would otherwise fail as 1009, which callers
//! retry).

/// The most agent ids a filter's `agts` may list.
pub const MAX_AGENTS: usize = 1_000;
/// The most call types a filter's `clTy` may list.
pub const MAX_CALL_TYPES: usize = 64;
/// The most status codes a filter's `st` may list.
pub const MAX_STATUSES: usize = 64;
/// The most custom fields a filter's `cstm` may name.
pub const MAX_CUSTOM_FIELDS: usize = 64;
/// The most columns an export request's `cols` may name.
pub const MAX_COLUMNS: usize = 256;

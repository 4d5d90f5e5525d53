//! What every HTTP surface shares: the API's error type ([`error`]), answers
//! that clients may cache and revalidate ([`cache`]), query strings
//! ([`query`]), the client's address ([`net`]) and the cache of whole public
//! answers ([`response_cache`]). Depends on nothing else in
//! this crate.

pub mod cache;
pub mod error;
pub mod form;
pub mod json;
pub mod net;
pub mod query;
pub mod response_cache;

pub use error::{ApiError, ErrorBody};

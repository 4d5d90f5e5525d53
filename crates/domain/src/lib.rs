//! Samverkan's domain: the catalogue of actors, grants and initiatives that work
//! against segregation in Sweden, the deadline engine, and the dataset format.
//!
//! This crate does no I/O and knows nothing of databases or HTTP; the `store`,
//! `web` and `samverkan` crates build on it.

pub mod bundled;
pub mod catalog;
pub mod check;
pub mod dataset;
pub mod deadline;
pub mod model;
pub mod synthetic;
pub mod text;
pub mod time;

pub use catalog::{
    ActorQuery, Catalog, EntryChange, Filter, GrantFacets, GrantHit, GrantQuery, GrantSort, QueryError,
    Unstated,
};
pub use dataset::{Dataset, DatasetError, DatasetErrors, Entry, EntryKind, Format, Source};
pub use deadline::{Deadline, DeadlineError, DeadlineRule, DeadlineStatus, MonthDay};
pub use model::{
    Actor, ActorKind, Addition, ApplicantType, Area, AreaLink, AreaRole, Grant, Initiative, Perspective,
    Slug, SourceGroup,
};

//! The bundled dataset: the seed page "Myndigheter och statsbidrag med koppling
//! till arbete mot segregation" (Delegationen mot segregation, updated
//! 22 December 2021), transcribed into the TOML files in `data/` and compiled
//! into the binary so that a fresh install has data without any files beside it.

use crate::dataset::{Dataset, DatasetErrors, Format, Source};

/// The bundled files, by their path in the repository.
pub const FILES: [(&str, &str); 6] = [
    ("data/areas.toml", include_str!("../../../data/areas.toml")),
    (
        "data/perspectives.toml",
        include_str!("../../../data/perspectives.toml"),
    ),
    (
        "data/applicant_types.toml",
        include_str!("../../../data/applicant_types.toml"),
    ),
    ("data/actors.toml", include_str!("../../../data/actors.toml")),
    ("data/grants.toml", include_str!("../../../data/grants.toml")),
    (
        "data/initiatives.toml",
        include_str!("../../../data/initiatives.toml"),
    ),
];

/// Reads the bundled dataset.
pub fn dataset() -> Result<Dataset, DatasetErrors> {
    let sources: Vec<Source<'_>> = FILES
        .iter()
        .map(|(origin, text)| Source {
            origin: (*origin).to_string(),
            text,
            format: Format::Toml,
        })
        .collect();
    Dataset::from_sources(&sources)
}

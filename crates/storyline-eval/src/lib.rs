//! Evaluation harnesses: each module reads one labelled dataset layout by path and
//! scores one stage against it. Datasets are never copied into the repository.

pub mod aliases;
mod calibration;
pub mod clustering;
pub mod conflicts;
pub mod extraction;
pub mod folds;
pub mod measure;
pub mod metadata;
pub mod polnear;
pub mod seeds;
pub mod stories;
pub mod tempeval;
pub mod timeline;

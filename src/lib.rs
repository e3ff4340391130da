//! vouch: finds the promises marketing copy makes and checks each against the patient
//! support program's capability manifest.
//!
//! The pipeline, one module per stage: config and manifest → inputs → extracted prose →
//! promises → verdicts → output. The library never prints; only `output` writes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod diag;
pub mod extract;
pub mod manifest;

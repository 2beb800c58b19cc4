//! Docent's evaluation harness. Runs the sets under `evals/` against an index and prints
//! metrics that a person can compare between commits.
//!
//! - [`retrieval`]: Recall@1/5/10, MRR@10 and nDCG@10 for bm25, dense and hybrid search.
#![warn(missing_docs)]

pub mod metrics;
pub mod retrieval;

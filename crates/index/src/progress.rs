//! Reporting the progress of long stages (a progress bar in the CLI).

/// Reports progress of long stages (a progress bar in the CLI).
pub trait Progress: Sync {
    /// A stage starts with `total` units of work.
    fn start(&self, stage: &str, total: u64);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// The stage is done.
    fn finish(&self);
}

/// No progress output.
impl Progress for () {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

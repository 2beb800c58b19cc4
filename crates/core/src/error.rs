//! The shared error vocabulary. Each crate keeps its own `Error` enum and maps every variant onto
//! an [`ErrorKind`] through [`Classify`], so the CLI and the server decide exit codes and statuses
//! in one place.

/// Whose fault an error is, and what a caller can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input was wrong (a malformed file, an unknown option); the user can fix it.
    BadInput,
    /// Something named does not exist (a model directory, an index).
    NotFound,
    /// The caller may not do this.
    Forbidden,
    /// A dependency is missing or unreachable; retrying or installing may help.
    Unavailable,
    /// A bug, corruption or an I/O failure of ours.
    Internal,
}

/// Implemented by every crate's error type.
pub trait Classify {
    /// The kind of failure.
    fn kind(&self) -> ErrorKind;
    /// A stable, machine-readable code, never changed once shipped (`index.model_mismatch`).
    fn code(&self) -> &'static str;
}

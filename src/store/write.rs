//! Writes extraction results.

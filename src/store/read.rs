//! Read queries for the website, the API and the export.

//! Print: GB/T 9704-style A4 pages for briefings and documents, and PDFs through a browser.

pub mod browser;

//! 同心 tongxin: a static site generator for 双拥 publicity offices.
//!
//! The pipeline follows the modules: [`load`] (walk, decode, front matter) → [`model`] (pages,
//! sections, taxonomies, briefings) → [`render`] (Markdown, templates) → [`write`] (atomic output),
//! driven by [`pipeline`]; [`images`] publishes photos upright, resized and without metadata.
//! [`check`] holds the privacy, secrecy and official-document lints;
//! [`print`] makes the A4 print pages and PDFs; [`search`] writes the site search index.

pub mod channels;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod i18n;
pub mod images;
pub mod layout;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod problem;
pub mod render;
pub mod serve;
pub mod text;
pub mod theme;
pub mod timing;
pub mod write;

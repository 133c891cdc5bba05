//! 同心 tongxin: a static site generator for 双拥 publicity offices.
//!
//! The modules form a ladder (`ARCHITECTURE.md`; `.ci/layers.py` checks it): `load` reads
//! files, `model` makes pages, sections and briefings of them, [`markdown`] and `render` turn
//! them into HTML, the `channels` (website, feeds, print, search) render their outputs, and
//! `write` stages them atomically. [`pipeline`] drives a build for `build`, `serve`, `check`
//! and `pdf`; `check` holds the privacy, secrecy and official-document lints.
//!
//! Only what the binary and the tests use is public: the commands, the build driver, `serve`,
//! diagnostics and their language, and the Markdown renderer (which the fuzz test drives).

#![warn(missing_docs)]

pub(crate) mod channels;
pub(crate) mod check;
pub mod commands;
pub(crate) mod config;
pub mod diagnostic;
pub mod i18n;
pub(crate) mod images;
pub(crate) mod inspect;
pub(crate) mod layout;
pub(crate) mod ledger;
pub(crate) mod load;
pub mod markdown;
pub(crate) mod model;
pub mod pipeline;
pub(crate) mod problem;
pub(crate) mod render;
pub mod serve;
pub(crate) mod text;
pub(crate) mod theme;
pub(crate) mod timing;
pub(crate) mod write;

//! The folders of a site, by name: where content is read from and where previews are written.
//! Every layer that names one of them takes the name from here.

/// The section folders under `content/`, one per content type (see
/// [`crate::model::page::Kind::from_section`], which must know exactly these).
pub const SECTIONS: [&str; 5] = ["articles", "profiles", "briefings", "documents", "pages"];

/// Where `build --drafts` writes, relative to the site root. A preview with drafts must never
/// land where the website is published from, so it has its own folder beside `serve`'s, and
/// `--output` is refused with `--drafts`: nobody can point a draft preview at a web root.
pub const DRAFTS_DIR: &str = ".tongxin-cache/drafts";

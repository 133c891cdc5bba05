//! Where `build` writes: the configured or `--output` folder, refused when replacing it would
//! destroy the site's own folders, and the drafts preview folder
//! ([`crate::layout::DRAFTS_DIR`]), refused when it would mix with the published one.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::problem::Problem;

/// Removes `.` and folds `..` lexically, so that paths can be compared without existing.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The drafts preview folder (see [`crate::layout::DRAFTS_DIR`]): an error with `--output`, or when the
/// configured publishing folder would contain the preview.
pub(super) fn drafts_dir(
    root: &Path,
    config: &Config,
    override_: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    if let Some(o) = override_ {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::DraftsOutput {
                path: o.to_path_buf(),
            },
        ));
    }
    let abs_root = lexical(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
    let drafts = abs_root.join(crate::layout::DRAFTS_DIR);
    let published = lexical(&abs_root.join(&config.output));
    // Either way round: the preview inside the published folder, or a preview build replacing
    // a published folder that sits inside it.
    if drafts.starts_with(&published) || published.starts_with(&drafts) {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::DraftsOutput {
                path: PathBuf::from(&config.output),
            },
        ));
    }
    Ok(root.join(crate::layout::DRAFTS_DIR))
}

/// Where the output goes, refusing folders that must never be replaced.
pub(super) fn output_dir(
    root: &Path,
    config: &Config,
    override_: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    let out = match override_ {
        Some(o) if o.is_absolute() => o.to_path_buf(),
        Some(o) => std::env::current_dir()
            .map(|d| d.join(o))
            .unwrap_or_else(|_| o.to_path_buf()),
        None => root.join(&config.output),
    };
    let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs_out = match (
        out.parent().and_then(|p| p.canonicalize().ok()),
        out.file_name(),
    ) {
        (Some(p), Some(n)) => p.join(n),
        _ => out.clone(),
    };
    let forbidden = [
        "content",
        "static",
        "themes",
        "templates",
        "data",
        "src",
        ".git",
    ]
    .map(|d| abs_root.join(d));
    if abs_out == abs_root
        || abs_root.starts_with(&abs_out)
        || forbidden.iter().any(|f| abs_out.starts_with(f))
        || out.file_name().is_none()
    {
        return Err(Diagnostic::global(
            Severity::Error,
            Problem::BadOutput {
                path: out,
                reason: crate::problem::OutputProblem::OverwritesSite,
            },
        ));
    }
    Ok(out)
}

/// True when the previous output may be kept beside the new one for reuse: only inside the site
/// folder, never in a web root.
pub(super) fn is_private(root: &Path, out_dir: &Path) -> bool {
    match (
        root.canonicalize(),
        out_dir.parent().map(Path::canonicalize),
    ) {
        (Ok(root), Some(Ok(parent))) => parent.starts_with(root),
        _ => false,
    }
}

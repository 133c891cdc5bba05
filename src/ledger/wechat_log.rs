//! The 公众号 log: one JSON line per page exported (`tongxin wechat`) or sent to the draft box
//! (`--upload`), appended to `.tongxin/wechat-log.jsonl` in the site folder. The exports
//! themselves are replaced on every run and WeChat keeps no record a site can read, so the
//! ledger's 公众号 sheet reads this file. It is only ever appended to; a line that does not
//! parse is skipped when reading.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::date::{CHINA_UTC_OFFSET_SECS, Date};

/// Where the log lives, from the site folder.
pub const LOG_PATH: &str = ".tongxin/wechat-log.jsonl";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Exported to a folder.
    Export,
    /// Sent to the draft box.
    Draft,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// China time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Export or draft.
    pub action: Action,
    /// Title.
    pub title: String,
    /// The page's content path (`articles/x.md`), when known.
    #[serde(default)]
    pub page: Option<String>,
    /// The exported folder.
    #[serde(default)]
    pub folder: String,
    /// The draft's media_id.
    #[serde(default)]
    pub media_id: Option<String>,
}

impl Entry {
    /// The date and time of the entry.
    pub fn date(&self) -> Option<Date> {
        Date::parse(&self.at)
    }
}

/// Now, China time, to the minute.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        + CHINA_UTC_OFFSET_SECS;
    let day = Date::from_days(secs.div_euclid(86_400));
    let in_day = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        day.iso(),
        in_day / 3600,
        (in_day % 3600) / 60
    )
}

/// The log file of the site at `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(LOG_PATH)
}

/// Appends `entries` to the log of the site at `root`.
pub fn append(root: &Path, entries: &[Entry]) -> std::io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let file = path(root);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = String::new();
    for e in entries {
        if let Ok(line) = serde_json::to_string(e) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)?;
    f.write_all(text.as_bytes())
}

/// Every entry of the log of the site at `root`, oldest first (none when there is no log).
pub fn read(root: &Path) -> Vec<Entry> {
    let Ok(text) = std::fs::read_to_string(path(root)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
        .collect()
}

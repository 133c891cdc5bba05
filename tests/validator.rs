//! Every HTML page of the demo site, served and portable builds alike, passes the Nu HTML
//! Checker (vnu, the W3C's validator) with no error and no warning. vnu.jar comes from
//! `npm ci --prefix tests/js` (which `.ci/run` does) and runs on Java (the machine's JDK).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Fixture;

fn vnu_jar() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/js/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} is missing: run `npm ci --prefix tests/js`",
        jar.display()
    );
    jar
}

/// The messages vnu gives for `files` that are errors or warnings (not "info"), one a line.
fn problems(files: &[PathBuf]) -> Vec<String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--format", "json", "--stdout"])
        .args(files)
        .output()
        .expect("java is needed for the HTML validator (apt-get install default-jre-headless)");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu gave no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("vnu messages");
    messages
        .iter()
        .filter(|m| m["type"] != "info" || m["subType"] == "warning")
        .map(|m| {
            format!(
                "{}:{}: {}: {}",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["type"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    common::walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn every_page_of_the_demo_passes_the_html_validator() {
    for (name, args) in [
        ("validator", &[][..]),
        ("validator-portable", &["--portable"]),
    ] {
        let f = Fixture::demo(name);
        f.build_ok(args);
        let files = html_files(&f.public());
        assert!(files.len() > 60, "{} pages", files.len());
        let found = problems(&files);
        assert!(
            found.is_empty(),
            "{name}: {} problems:\n{}",
            found.len(),
            found.join("\n")
        );
    }
}

#[test]
fn the_validator_catches_what_it_should() {
    // The check itself must not pass everything: a page with a duplicate id and a stray end tag.
    let dir = std::env::temp_dir().join(format!("tongxin-vnu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>坏</title></head><body><p id=\"a\">甲</p><p id=\"a\">乙</p></div></body></html>",
    )
    .unwrap();
    let found = problems(&[bad]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        found.iter().any(|m| m.contains("Duplicate ID")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|m| m.contains("Stray end tag")),
        "{found:?}"
    );
}

//! The build refuses to publish personal and military information (`docs/rules.md` §2), naming file and line.

mod common;

use common::*;

/// A valid GB 11643 number made with the checksum algorithm (area 500222, born 1980-01-01).
fn valid_id() -> String {
    common::id_with_check("50022219800101001")
}

#[test]
fn id_number_blocks_the_build() {
    let f = Fixture::site("p-id");
    f.write("content/articles/id.md", &format!("---\ntitle: 走访\ndate: 2026-01-01\n---\n\n第一段。\n\n老兵身份证号{}，家住古南街道。\n", valid_id()));
    let err = f.build_err();
    assert!(err.contains("content/articles/id.md:8:"), "{err}");
    assert!(err.contains("privacy/id-card"), "{err}");
    let headline = err.lines().find(|l| l.contains("privacy/id-card")).unwrap();
    assert!(
        !headline.contains(&valid_id()),
        "the headline must mask the number: {headline}"
    );
    assert!(!f.public().exists(), "nothing may be published");
}

#[test]
fn personal_mobile_blocks_the_build_but_allowed_office_number_does_not() {
    let f = Fixture::site("p-mobile");
    f.write(
        "content/articles/tel.md",
        "---\ntitle: 联系\ndate: 2026-01-01\n---\n咨询电话：023-12345678。\n",
    );
    f.build_ok(&[]);
    f.write(
        "content/articles/mobile.md",
        "---\ntitle: 联系人\ndate: 2026-01-01\nsummary: 请联系张师傅 138 1234 5678\n---\n正文。\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/articles/mobile.md:4:"), "{err}");
    assert!(err.contains("privacy/mobile"), "{err}");
}

#[test]
fn unit_designation_blocks_the_build() {
    let f = Fixture::site("p-unit");
    f.write("content/profiles/wang/index.md", "---\ntitle: 王某\ndate: 2026-01-01\nhonor: 最美军嫂\nyear: 2025\nconsent: 2025-12-01\nunit: 32101部队\n---\n事迹。\n");
    let err = f.build_err();
    assert!(err.contains("content/profiles/wang/index.md:7:7"), "{err}");
    assert!(err.contains("secrecy/unit-code"), "{err}");
}

#[test]
fn alt_text_and_link_targets_are_scanned_and_warnings_can_be_acknowledged() {
    let f = Fixture::site("p-alt");
    f.write(
        "content/articles/alt.md",
        "---\ntitle: 图片\ndate: 2026-01-01\n---\n\n[北纬29°1′的营区](https://example.com/)\n",
    );
    let err = f.build_err();
    assert!(err.contains("secrecy/coordinates"), "{err}");
    // A warning (stationing statement) can be acknowledged with a reason.
    f.write("content/articles/alt.md", "---\ntitle: 共建\ndate: 2026-01-01\nprivacy_ack: [{rule: secrecy/stationing, text: 驻三角镇部队, reason: 已公开报道}]\n---\n\n驻三角镇部队官兵参加义务植树。\n");
    let log = f.build_ok(&[]);
    assert!(!log.contains("secrecy/stationing"), "{log}");
}

#[test]
fn drafts_are_not_scanned_but_published_pages_are() {
    let f = Fixture::site("p-draft");
    f.write(
        "content/articles/d.md",
        "---\ntitle: 草稿\ndate: 2026-01-01\ndraft: true\n---\n联系电话13812345678。\n",
    );
    f.build_ok(&[]);
    let out = f.run(&["build", "--drafts"]);
    assert!(
        !out.status.success(),
        "publishing the draft must be blocked"
    );
}

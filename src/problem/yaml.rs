//! YAML parser messages in both languages.

/// A YAML parser message (config.yaml or front matter) in Chinese and English, so that the
/// parser's English wording (`set DuplicateKeyPolicy`, `invalid u64`) never reaches a Chinese
/// reader; messages of tongxin's own value types are Chinese already and are kept.
pub fn localize(msg: &str) -> (String, String) {
    let msg = msg.trim().trim_start_matches("error: ").trim();
    let ticked = |s: &str| -> Option<String> {
        let a = s.find('`')?;
        let b = s[a + 1..].find('`')? + a + 1;
        Some(s[a + 1..b].to_string())
    };
    let expected = |s: &str| -> Vec<String> {
        s.split_once("expected one of ")
            .or_else(|| s.split_once("expected "))
            .map(|(_, list)| {
                list.split(", ")
                    .map(|x| x.trim_matches('`').trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let lower = msg.to_ascii_lowercase();
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("`{key}` 重复出现，同一项只能写一次"),
            format!("`{key}` appears twice; write it once"),
        );
    }
    if lower.starts_with("unknown field")
        && let Some(key) = ticked(msg)
    {
        let known = expected(msg);
        return (
            format!("不认识的项 `{key}`，这里可用的项：{}", known.join("、")),
            format!("unknown key `{key}`; keys here: {}", known.join(", ")),
        );
    }
    if lower.starts_with("unknown variant")
        && let Some(value) = ticked(msg)
    {
        let known = expected(msg);
        return (
            format!("“{value}”不是可用的值，只能是：{}", known.join("、")),
            format!("“{value}” is not allowed; use one of: {}", known.join(", ")),
        );
    }
    if lower.starts_with("missing field")
        && let Some(key) = ticked(msg)
    {
        return (
            format!("缺少必填项 `{key}`"),
            format!("required key `{key}` is missing"),
        );
    }
    if msg.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return (msg.to_string(), msg.to_string());
    }
    let (zh, en) = if lower.contains("boolean") || lower.contains("bool") {
        ("这里应当是 true 或 false", "expected true or false")
    } else if ["u8", "u16", "u32", "u64", "usize", "i32", "i64"]
        .iter()
        .any(|t| lower.contains(&format!("invalid {t}")) || lower.ends_with(t))
    {
        (
            "这里应当是一个整数（不带小数点和负号）",
            "expected a whole number",
        )
    } else if lower.contains("f32") || lower.contains("f64") || lower.contains("float") {
        ("这里应当是一个数字", "expected a number")
    } else if lower.contains("sequence") {
        (
            "这里应当是一个列表，例如 [甲, 乙]，或每行以“- ”开头",
            "expected a list such as [a, b]",
        )
    } else if lower.contains("mapping") || lower.contains("map") || lower.contains("struct") {
        (
            "这里应当是“键: 值”形式的设置",
            "expected `key: value` settings",
        )
    } else if lower.contains("string") || lower.contains("scalar") {
        ("这里应当是一段文字", "expected a text")
    } else if lower.contains("tab") {
        (
            "不能用 Tab 键缩进，请改用空格",
            "indent with spaces, not tabs",
        )
    } else if lower.contains("recursi") || lower.contains("alias") || lower.contains("budget") {
        (
            "引用（& 和 *）过多或互相循环，已拒绝",
            "too many or circular references (& and *); refused",
        )
    } else {
        (
            "YAML 格式有误：检查缩进、冒号后面的空格，以及引号是否成对",
            "invalid YAML: check indentation, the space after colons and matching quotes",
        )
    };
    (zh.to_string(), en.to_string())
}

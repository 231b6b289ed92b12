//! Filling a text's `{name}` placeholders.

use std::fmt::{Display, Write};

/// `template` with each `{name}` replaced by the value named `name` in `args`. A placeholder with
/// no value is left as it is (the catalog test makes sure every text names the same ones), and a
/// value is never read as a template itself, so a customer's `{x}` stays `{x}`.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]).map(|(_, v)| (close, v)));
        match value {
            Some((close, v)) => {
                let _ = write!(out, "{v}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names of a text, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_each_named_value_once_and_never_reads_a_value_as_a_template() {
        let out = fill("{who} moved {amount}; {who} again", &[("who", &"{amount}"), ("amount", &"¥1,000")]);
        assert_eq!(out, "{amount} moved ¥1,000; {amount} again");
        assert_eq!(fill("left {x} and {", &[]), "left {x} and {");
        assert_eq!(placeholders("{a} of {b_2} {Not} {}"), vec!["a", "b_2"]);
    }
}

//! Taking the secret key out of any text before it is shown, logged or returned — whatever a
//! server or a proxy echoes back. Every [`SecretKey`] registers itself here when
//! it is made; [`scrub`] then removes, from any text:
//!
//! - the key itself (so `Basic <key>` too),
//! - its percent-encoded forms,
//! - its base64 forms (standard and URL-safe, at any alignment inside a longer encoded text
//!   such as `base64("Basic <key>")` or `base64("<key>:")`), and their percent-encoded forms,
//! - anything shaped like a Smartpay secret key (`sk_test_…`, `sk_live_…`), registered or not.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use std::borrow::Cow;
use std::fmt;
use std::sync::RwLock;

/// What a removed secret is replaced with.
pub const REDACTED: &str = "***";

/// Shorter needles would take ordinary words out of messages.
const MIN_NEEDLE: usize = 8;

/// Every form of every registered key, longest first.
static NEEDLES: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Remembers `key` so that [`scrub`] removes it (and its encoded forms) from then on.
pub fn register(key: &str) {
    if key.is_empty() {
        return;
    }
    let mut needles = NEEDLES.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    if needles.iter().any(|n| n == key) {
        return;
    }
    for form in forms(key) {
        if !needles.contains(&form) {
            needles.push(form);
        }
    }
    needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
}

/// Remembers the credentials written into an API URL (`https://user:password@host/…`), so that
/// [`scrub`] removes them (as `user:password`, and its encoded forms) from every log line and
/// message, like the secret key.
pub fn register_url_credentials(url: &str) {
    let Some((_, rest)) = url.split_once("://") else { return };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if let Some((userinfo, _)) = authority.rsplit_once('@')
        && !userinfo.is_empty()
    {
        register(userinfo);
    }
}

/// `text` with every registered key form and every key-shaped token replaced by `***`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let needles = NEEDLES.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut out = Cow::Borrowed(text);
    for needle in needles.iter() {
        if out.contains(needle.as_str()) {
            out = Cow::Owned(out.replace(needle.as_str(), REDACTED));
        }
    }
    match key_shaped(&out) {
        Some(clean) => Cow::Owned(clean),
        None => out,
    }
}

/// The key and the encodings a server might echo it in. The key itself is always kept, even
/// when short: leaking it is worse than an odd-looking message.
fn forms(key: &str) -> Vec<String> {
    let mut forms = vec![key.to_string()];
    forms.extend(percent_forms(key));
    for core in base64_cores(key.as_bytes()) {
        forms.extend(percent_forms(&core));
        forms.push(core);
    }
    forms.retain(|f| f == key || f.len() >= MIN_NEEDLE);
    forms.dedup();
    forms
}

/// The parts of base64 encodings of any text containing `secret` that depend on the secret's
/// bytes alone: for each of the three alignments the secret can start at, the whole groups
/// made only of its bytes.
fn base64_cores(secret: &[u8]) -> Vec<String> {
    let mut cores = Vec::new();
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        for shift in 0..3 {
            let mut shifted = vec![0u8; shift];
            shifted.extend_from_slice(secret);
            let encoded = engine.encode(&shifted);
            let skip = if shift == 0 { 0 } else { 4 };
            let end = (shifted.len() / 3) * 4;
            if end > skip && !cores.contains(&encoded[skip..end].to_string()) {
                cores.push(encoded[skip..end].to_string());
            }
        }
    }
    cores
}

/// `text` percent-encoded (everything but RFC 3986's unreserved characters), upper- and
/// lower-case hex; empty when encoding changes nothing.
fn percent_forms(text: &str) -> Vec<String> {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if text.bytes().all(unreserved) {
        return vec![];
    }
    let encode = |upper: bool| {
        text.bytes()
            .map(|b| match (unreserved(b), upper) {
                (true, _) => char::from(b).to_string(),
                (false, true) => format!("%{b:02X}"),
                (false, false) => format!("%{b:02x}"),
            })
            .collect::<String>()
    };
    vec![encode(true), encode(false)]
}

/// Replaces the secret part of `sk_test_…` / `sk_live_…` tokens; `None` when there are none.
fn key_shaped(text: &str) -> Option<String> {
    const PREFIXES: [&str; 2] = ["sk_test_", "sk_live_"];
    if !PREFIXES.iter().any(|p| text.contains(p)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some((at, prefix)) = PREFIXES.iter().filter_map(|p| rest.find(p).map(|at| (at, *p))).min() {
        let after = &rest[at + prefix.len()..];
        let secret = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        out.push_str(&rest[..at + prefix.len()]);
        if secret > 0 {
            out.push_str(REDACTED);
            changed = true;
        }
        rest = &after[secret..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The secret key: kept out of `Debug` and `Display` so it cannot leak into logs or errors.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Also registers the key with this module, so that from now on it is taken out of
    /// every message, error and log line, whatever echoes it.
    pub fn new(key: String) -> SecretKey {
        register(&key);
        SecretKey(key)
    }

    /// The only way to read the key: for the Authorization header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = if self.0.starts_with("sk_live_") { "live" } else { "test" };
        write!(f, "sk_{mode}_*** (hidden)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "pk9Zr_Q7xWmT3vLs-8aYbE2c";

    fn clean(text: &str) -> String {
        register(KEY);
        scrub(text).into_owned()
    }

    #[test]
    fn credentials_written_into_the_api_url_are_removed() {
        register_url_credentials("http://ops:hunter22x@127.0.0.1:8787/v1");
        let line = scrub("starting args=[\"--api-url\", \"http://ops:hunter22x@127.0.0.1:8787/v1\"]").into_owned();
        assert!(!line.contains("hunter22x"), "{line}");
        assert!(line.contains("http://***@127.0.0.1:8787/v1"), "{line}");
    }

    #[test]
    fn the_key_and_basic_header_are_removed() {
        assert_eq!(clean(&format!("bad header Authorization: Basic {KEY}!")), "bad header Authorization: Basic ***!");
    }

    #[test]
    fn base64_forms_at_any_alignment_are_removed() {
        for wrapped in
            [KEY.to_string(), format!("{KEY}:"), format!("Basic {KEY}"), format!("x:{KEY}"), format!(":{KEY}")]
        {
            for encoded in [STANDARD_NO_PAD.encode(&wrapped), URL_SAFE_NO_PAD.encode(&wrapped)] {
                let text = clean(&format!("echo: {encoded}="));
                let core = &base64_cores(KEY.as_bytes());
                assert!(!core.iter().any(|c| text.contains(c.as_str())), "{wrapped:?} as {encoded} left in {text}");
                assert!(text.contains(REDACTED), "{text}");
            }
        }
    }

    #[test]
    fn percent_encoded_forms_are_removed() {
        let key = "sk+odd/key=with spaces";
        register(key);
        for form in ["sk%2Bodd%2Fkey%3Dwith%20spaces", "sk%2bodd%2fkey%3dwith%20spaces"] {
            assert_eq!(scrub(&format!("url?k={form}&x=1")), "url?k=***&x=1");
        }
        let b64 = STANDARD_NO_PAD.encode(key);
        let encoded: String = b64.replace('+', "%2B").replace('/', "%2F");
        assert!(!scrub(&encoded).contains(&encoded[4..12]), "{}", scrub(&encoded));
    }

    #[test]
    fn key_shaped_tokens_are_removed_even_unregistered() {
        assert_eq!(
            scrub("got sk_live_AbC123xyz and sk_test_Q; sk_test_ alone"),
            "got sk_live_*** and sk_test_***; sk_test_ alone"
        );
        assert_eq!(scrub("sk_test_*** (hidden)"), "sk_test_*** (hidden)", "the hidden form is left alone");
        assert!(matches!(scrub("nothing secret here"), Cow::Borrowed(_)));
    }
}

//! Where a run's findings are saved for the console's Drift view: one file per source and
//! account in the data directory (`smartpay_store::findings`), replaced whole by each run.

use super::spool::Spooled;
use crate::backend::findings::{FORMAT, FindingsWriter, Header, VERSION, file_for};
use crate::config::Settings;
use crate::domain::Millis;
use crate::source::Source;

pub use crate::tui::drift::FindingsPlace;

/// Where the findings of `source` live: offline by the order file's full path, online by the
/// API base (without any credentials written into it) and the account the key opens (its
/// fingerprint, never the key); the demo has one place of its own.
pub fn place(source: &Source, settings: &Settings) -> FindingsPlace {
    let name = match source {
        Source::Demo => "demo".to_string(),
        Source::Offline(path) => {
            let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            format!("offline {}", full.display())
        }
        Source::Online(url) => {
            let account = settings
                .secret_key
                .as_ref()
                .and_then(|key| crate::online::account::Account::of(key).ok())
                .map_or_else(|| "no-key".to_string(), |a| a.name());
            format!("online {} {account}", without_credentials(url))
        }
    };
    FindingsPlace { file: file_for(&settings.paths.data_dir, &name), source: name }
}

/// `https://user:pass@host/v1` → `https://host/v1`.
fn without_credentials(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let path = path.trim_end_matches('/');
    match (scheme.is_empty(), path.is_empty()) {
        (true, true) => host.to_string(),
        (true, false) => format!("{host}/{path}"),
        (false, true) => format!("{scheme}://{host}"),
        (false, false) => format!("{scheme}://{host}/{path}"),
    }
}

/// Saves the run's findings (atomically: the old file stays until the new one is complete).
pub fn save(place: &FindingsPlace, shop: &str, found_at: Millis, spooled: &Spooled) -> std::io::Result<()> {
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        source: place.source.clone(),
        shop: shop.to_string(),
        found_at,
        total: spooled.tally.total(),
    };
    let mut writer = FindingsWriter::create(&place.file, &header)?;
    spooled.for_each(&mut |finding| writer.finding(&finding))?;
    spooled.for_each_planned(&mut |planned| writer.plan(&planned))?;
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_the_url_never_name_the_findings() {
        assert_eq!(without_credentials("https://u:secret@api.example/v1/"), "https://api.example/v1");
        assert_eq!(without_credentials("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
    }
}

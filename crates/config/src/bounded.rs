//! Reading the config file with a bound: a config is a few lines, so a file over 1 MiB
//! (`--config /dev/zero`, a log named by mistake) is refused rather than read without end.

use std::io::Read;
use std::path::Path;

/// The most a config file may hold.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The file's text, or why not (too large included).
pub fn read_config_text(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    std::fs::File::open(path)?.take(MAX_CONFIG_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(std::io::Error::other("it is larger than 1 MiB, which no config file is"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_over_one_mib_is_refused_and_a_small_one_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "#".repeat(MAX_CONFIG_BYTES as usize + 1)).expect("write");
        let refused = read_config_text(&big).expect_err("too large");
        assert!(refused.to_string().contains("larger than 1 MiB"), "{refused}");
        let small = dir.path().join("small.toml");
        std::fs::write(&small, "[console]\nlang = \"ja\"\n").expect("write");
        assert_eq!(read_config_text(&small).expect("read"), "[console]\nlang = \"ja\"\n");
    }
}

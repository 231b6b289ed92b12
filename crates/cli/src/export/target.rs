//! Where `orders export --out PATH` writes: through to whatever PATH is.
//!
//! - stdout (no `--out`, or `-`): written directly;
//! - a regular file, or nothing yet: written to a temporary file in the same folder and renamed
//!   over it at the end, so PATH is always the old file or the whole new one — and only when it
//!   is a file we may write (a read-only or immutable file is refused, untouched);
//! - a symlink: followed, and its final target replaced as above, in the target's folder;
//! - a FIFO or a device: opened and written in place (never replaced by a regular file).
//!
//! Every write error, a full disk or `/dev/full` included, is an error: nothing is reported as
//! exported that was not.

use super::temp::TempFile;
use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

/// How many symlinks are followed before giving up (as the kernel does).
const MAX_LINKS: usize = 40;

/// An open export destination.
pub struct Destination {
    writer: BufWriter<Sink>,
    commit: Commit,
}

enum Sink {
    Stdout(Stdout),
    File(File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

enum Commit {
    /// Written where it is: nothing more to do.
    InPlace,
    /// Renamed over `target` once complete, with the replaced file's permissions.
    Replace { temp: TempFile, target: PathBuf, permissions: Option<Permissions> },
}

/// Why PATH cannot be written, in words.
#[derive(Debug)]
pub struct Unwritable(pub String);

impl Destination {
    pub fn stdout() -> Destination {
        Destination { writer: BufWriter::new(Sink::Stdout(io::stdout())), commit: Commit::InPlace }
    }

    /// Opens what `path` is, following symlinks; refuses what cannot be written.
    pub fn open(path: &Path) -> Result<Destination, Unwritable> {
        if path.as_os_str() == "-" {
            return Ok(Destination::stdout());
        }
        let target = follow_links(path).map_err(|e| Unwritable(reason(&e)))?;
        if is_open_descriptor(&target) {
            // `/dev/stdout`, `/dev/fd/N`: what the shell opened (`>> log` included) is written
            // through the descriptor, appended, never replaced by a file of ours.
            if is_database(&target) {
                return Err(database_refused());
            }
            let file = OpenOptions::new().append(true).open(&target).map_err(|e| Unwritable(reason(&e)))?;
            return Ok(Destination { writer: BufWriter::new(Sink::File(file)), commit: Commit::InPlace });
        }
        let metadata = match std::fs::metadata(&target) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(Unwritable(reason(&e))),
        };
        match metadata {
            None => replace(target, None),
            Some(m) if m.is_dir() => Err(Unwritable("it is a directory".into())),
            Some(m) if m.is_file() => {
                // Opened for writing (not truncated) only to learn whether we may: an immutable
                // file or a read-only mount says no even to root.
                OpenOptions::new().write(true).open(&target).map_err(|e| Unwritable(reason(&e)))?;
                if is_database(&target) {
                    return Err(database_refused());
                }
                replace(target, Some(m.permissions()))
            }
            Some(m) if is_fifo_or_device(&m) => {
                let file = OpenOptions::new().write(true).open(&target).map_err(|e| Unwritable(reason(&e)))?;
                Ok(Destination { writer: BufWriter::new(Sink::File(file)), commit: Commit::InPlace })
            }
            Some(_) => Err(Unwritable("it is not a file, a FIFO or a device".into())),
        }
    }

    /// Refuses a PATH that is (through links, or a hard link) one of the console's own files:
    /// an export renamed over the order file would replace its orders and the idempotency
    /// results that stop a key from moving money twice.
    /// `own` names each file: `("the order file", PATH)`.
    pub fn refuse_own_file(path: &Path, own: &[(&str, PathBuf)]) -> Result<(), Unwritable> {
        match own.iter().find(|(_, file)| is_same_file(path, file)) {
            Some((what, file)) => Err(Unwritable(format!(
                "it is {what} {} (an export would replace it); choose another path",
                file.display()
            ))),
            None => Ok(()),
        }
    }

    /// Whether the export goes to a terminal (stdout, or `--out /dev/tty`).
    pub fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        match self.writer.get_ref() {
            Sink::Stdout(out) => out.is_terminal(),
            Sink::File(file) => file.is_terminal(),
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Flushes everything and, for a replaced file, makes it durable and renames it into place.
    pub fn finish(self) -> io::Result<()> {
        let sink = self.writer.into_inner().map_err(io::IntoInnerError::into_error)?;
        match (sink, self.commit) {
            (Sink::Stdout(mut out), _) => out.flush(),
            (Sink::File(_), Commit::InPlace) => Ok(()),
            (Sink::File(file), Commit::Replace { temp, target, permissions }) => {
                file.sync_all()?;
                if let Some(permissions) = permissions {
                    std::fs::set_permissions(temp.path(), permissions)?;
                }
                drop(file);
                temp.persist(&target)?;
                if let Some(dir) = target.parent() {
                    let _ = File::open(dir).and_then(|d| d.sync_all());
                }
                Ok(())
            }
        }
    }
}

fn replace(target: PathBuf, permissions: Option<Permissions>) -> Result<Destination, Unwritable> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (temp, file) = TempFile::create_in(&dir).map_err(|e| Unwritable(reason(&e)))?;
    Ok(Destination { writer: BufWriter::new(Sink::File(file)), commit: Commit::Replace { temp, target, permissions } })
}

/// The path a chain of symlinks ends at (which may not exist yet: a dangling link is followed
/// to the file it names). It stops at an open descriptor's link (`/proc/self/fd/1`), whose
/// "target" may be no path at all (`pipe:[1234]`).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if is_open_descriptor(&current) {
            return Ok(current);
        }
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("it is a loop of symbolic links"))
}

/// Whether `path` is a link to one of this process's open descriptors (`/proc/self/fd/N`,
/// `/dev/fd/N`, which is the same folder).
fn is_open_descriptor(path: &Path) -> bool {
    let numbered = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.parse::<u32>().is_ok());
    let folder = path.parent().and_then(|dir| std::fs::canonicalize(dir).ok());
    numbered && folder.is_some_and(|dir| dir.starts_with("/proc") && dir.file_name().is_some_and(|n| n == "fd"))
}

fn database_refused() -> Unwritable {
    Unwritable(
        "it is a database file (an order file, a journal or a mirror), which an export never replaces; choose another path"
            .into(),
    )
}

/// Whether the file starts as every redb database does (order files, journals, mirrors).
fn is_database(path: &Path) -> bool {
    const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];
    let mut head = [0u8; REDB_MAGIC.len()];
    File::open(path).and_then(|mut f| io::Read::read_exact(&mut f, &mut head)).is_ok() && head == REDB_MAGIC
}

/// Whether `a` and `b` both exist and are the same file (symlinks followed).
#[cfg(unix)]
fn is_same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

#[cfg(unix)]
fn is_fifo_or_device(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = m.file_type();
    t.is_fifo() || t.is_char_device() || t.is_block_device()
}

#[cfg(not(unix))]
fn is_fifo_or_device(_m: &std::fs::Metadata) -> bool {
    false
}

/// An I/O error as the end of "Cannot write PATH: …" (never naming the temporary file).
pub fn reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "its folder does not exist".into(),
        io::ErrorKind::PermissionDenied => "permission denied (read-only or immutable)".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        io::ErrorKind::NotADirectory => "a part of the path is not a folder".into(),
        _ => match err.raw_os_error() {
            Some(_) => {
                let text = err.to_string();
                text.split(" (os error").next().unwrap_or(&text).to_lowercase()
            }
            None => err.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_to_their_end_even_dangling() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.csv");
        let hop = dir.path().join("hop");
        let link = dir.path().join("link");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("real.csv", &hop).expect("symlink");
            std::os::unix::fs::symlink(&hop, &link).expect("symlink");
            assert_eq!(follow_links(&link).expect("followed"), real);
            let looped = dir.path().join("loop");
            std::os::unix::fs::symlink("loop", &looped).expect("symlink");
            assert!(follow_links(&looped).is_err());
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_open_descriptor_is_appended_to_never_replaced() {
        use std::os::fd::AsRawFd;
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("log");
        std::fs::write(&log, "kept\n").expect("write");
        let held = OpenOptions::new().append(true).open(&log).expect("open");
        let through = PathBuf::from(format!("/dev/fd/{}", held.as_raw_fd()));
        let mut destination = Destination::open(&through).expect("open descriptor");
        destination.writer().write_all(b"exported\n").expect("write");
        destination.finish().expect("finish");
        assert_eq!(std::fs::read_to_string(&log).expect("read"), "kept\nexported\n");
        assert!(std::fs::symlink_metadata(&log).expect("log").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn the_consoles_own_files_are_never_export_targets() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("orders.redb");
        std::fs::write(&db, b"orders").expect("write");
        let link = dir.path().join("link");
        let hard = dir.path().join("hard");
        std::os::unix::fs::symlink(&db, &link).expect("symlink");
        std::fs::hard_link(&db, &hard).expect("hard link");
        let own = [("the order file", db.clone()), ("the journal", dir.path().join("journal.redb"))];
        for path in [&db, &link, &hard] {
            let refused = Destination::refuse_own_file(path, &own).expect_err("refused");
            assert!(refused.0.starts_with("it is the order file "), "{}", refused.0);
        }
        assert!(Destination::refuse_own_file(&dir.path().join("out.jsonl"), &own).is_ok());
    }

    #[test]
    fn any_database_file_is_never_replaced_by_an_export() {
        let dir = tempfile::tempdir().expect("temp dir");
        let other = dir.path().join("other.redb");
        drop(redb::Database::create(&other).expect("a database another source named"));
        let before = std::fs::read(&other).expect("read");
        let Err(refused) = Destination::open(&other) else { panic!("refused") };
        assert!(refused.0.contains("a database file"), "{}", refused.0);
        assert_eq!(std::fs::read(&other).expect("read"), before, "untouched");
        let plain = dir.path().join("orders.jsonl");
        std::fs::write(&plain, b"redb").expect("write");
        assert!(Destination::open(&plain).is_ok(), "a file that merely starts alike is replaced");
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let held = File::open(&other).expect("open");
            let through = PathBuf::from(format!("/dev/fd/{}", held.as_raw_fd()));
            assert!(Destination::open(&through).is_err(), "nor appended to through a descriptor");
            assert_eq!(std::fs::read(&other).expect("read"), before, "untouched");
        }
    }

    #[test]
    fn errors_read_as_words() {
        assert_eq!(reason(&io::Error::from(io::ErrorKind::StorageFull)), "no space left on the device");
        assert_eq!(reason(&io::Error::from_raw_os_error(28)), "no space left on the device");
    }
}

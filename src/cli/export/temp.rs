//! The hidden temporary file an export writes before renaming it over its target, and the
//! guarantees around it: removed when the export fails, removed when the export is stopped by
//! SIGINT, SIGTERM or SIGHUP, and — when it was killed outright (SIGKILL) — removed by the next
//! export into the same folder. Its name says whose it is: `.smartpay-export-<pid>-<random>.tmp`.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

const PREFIX: &str = ".smartpay-export-";
const SUFFIX: &str = ".tmp";

/// A temporary file beside an export target; deleted on drop unless [`TempFile::persist`]ed.
pub struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl TempFile {
    /// Creates a new, empty temporary file in `dir` (never an existing one), readable like any
    /// file the user writes (the umask applies).
    pub fn create_in(dir: &Path) -> io::Result<(TempFile, File)> {
        remove_stale(dir);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        loop {
            let path = dir.join(format!("{PREFIX}{}-{:016x}{SUFFIX}", std::process::id(), rand::random::<u64>()));
            // Registered before it exists, so that no signal can land between the two.
            signals::remove_on_signal(&path);
            match options.open(&path) {
                Ok(file) => return Ok((TempFile { path, armed: true }, file)),
                Err(e) => {
                    signals::forget();
                    if e.kind() != io::ErrorKind::AlreadyExists {
                        return Err(e);
                    }
                }
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the file over `target`: from here on it is the user's file.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, target)?;
        self.armed = false;
        signals::forget();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
            signals::forget();
        }
    }
}

/// The process id in a temporary file name of ours, if it is one.
fn owner_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok()
}

/// Removes the temporary files left in `dir` by exports that were killed: ours by name, plain
/// files, whose process is gone. A live export's file is left alone.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner_pid) else { continue };
        let plain_file = entry.file_type().is_ok_and(|t| t.is_file());
        if plain_file && pid != std::process::id() && !signals::process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
#[allow(unsafe_code)] // libc's signal, unlink, raise and kill; each block has its SAFETY note
mod signals {
    //! On SIGINT, SIGTERM or SIGHUP: unlink the registered temporary file, then die of the
    //! signal as if it had not been caught. Only async-signal-safe calls in the handler.
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::Once;
    use std::sync::atomic::{AtomicPtr, Ordering};

    static TEMP_PATH: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static INSTALL: Once = Once::new();

    extern "C" fn on_signal(signal: libc::c_int) {
        let path = TEMP_PATH.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: `path` is null or a NUL-terminated string leaked by `remove_on_signal`;
        // unlink, signal and raise are async-signal-safe.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    pub fn remove_on_signal(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else { return };
        // Leaked on purpose: a handler on another thread may still read it (one per export).
        TEMP_PATH.store(c_path.into_raw(), Ordering::SeqCst);
        INSTALL.call_once(|| {
            let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: installs a handler that only makes async-signal-safe calls.
                unsafe {
                    libc::signal(signal, handler);
                }
            }
        });
    }

    pub fn forget() {
        TEMP_PATH.store(std::ptr::null_mut(), Ordering::SeqCst);
    }

    pub fn process_alive(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 only checks that the process exists.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn remove_on_signal(_path: &std::path::Path) {}
    pub fn forget() {}
    pub fn process_alive(_pid: u32) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_names_are_recognised() {
        assert_eq!(owner_pid(".smartpay-export-123-00000000deadbeef.tmp"), Some(123));
        for other in [".smartpay-export-123.tmp", "smartpay-export-1-00000000deadbeef.tmp", ".smartpay-export-x-0.tmp"]
        {
            assert_eq!(owner_pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_dead_exports_file_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        // pid_max is at most 2^22 on Linux: this process cannot exist.
        let dead = dir.path().join(".smartpay-export-4194999-0123456789abcdef.tmp");
        let alive = dir.path().join(format!(".smartpay-export-{}-0123456789abcdef.tmp", std::process::id()));
        let unrelated = dir.path().join("orders.csv");
        for path in [&dead, &alive, &unrelated] {
            std::fs::write(path, b"x").expect("write");
        }
        let (temp, _file) = TempFile::create_in(dir.path()).expect("temp file");
        assert!(!dead.exists(), "the killed export's file is gone");
        assert!(alive.exists() && unrelated.exists());
        let path = temp.path().to_path_buf();
        drop(temp);
        assert!(!path.exists(), "a temporary file not persisted is removed");
    }
}

//! vouch: finds the promises marketing copy makes and checks each against the patient
//! support program's capability manifest.
//!
//! The pipeline, one module per stage: config and manifest → inputs → extracted prose →
//! promises → verdicts → output. The library never prints; only `output` writes.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Errors carry the file text they quote; they are rare and cold, so their size is fine.
#![allow(clippy::result_large_err)]

pub mod anchor;
pub mod baseline;
pub mod check;
pub mod config;
pub mod diag;
pub mod extract;
pub mod inputs;
pub mod manifest;
pub mod model;
pub mod office;
pub mod output;
pub mod promises;
pub mod report;
pub mod rules;
pub mod ruletest;
pub mod suppress;
#[cfg(test)]
mod testing;
pub mod verdicts;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes a file atomically: a temporary file beside it, then a rename, so an interrupted
/// run never leaves a half-written baseline or report.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A file written while a run streams into it: the bytes go to a temporary file in the same
/// folder, renamed over `path` by `commit`; dropped uncommitted, it is removed, so readers
/// only ever see the previous file or the whole new one.
///
/// Only files are replaced: a symlink's target is (the link stays), and a device, pipe or
/// socket (`-o /dev/stdout`, a FIFO a CI step reads) is written in place, as a shell's `>`
/// would: renaming over `/dev/stdout` would replace the device with a file.
pub struct AtomicFile {
    path: PathBuf,
    /// The temporary file renamed over `path`; `None` when `path` is written in place.
    tmp: Option<PathBuf>,
    /// Taken by `commit`, which consumes the value: `None` only inside `commit` and `drop`.
    file: Option<BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        // A run may write two files at once (`-o` and `--write-baseline`), even to one name.
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let path = match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
            }
            Ok(meta) if meta.is_dir() => {
                // A folder in the way would fail only the final rename, after the whole
                // run; opening it for writing fails now, with the error the rename would give.
                std::fs::OpenOptions::new().write(true).open(path)?;
                path.to_path_buf()
            }
            Ok(_) => {
                let file = std::fs::OpenOptions::new().write(true).open(path)?;
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    tmp: None,
                    file: Some(BufWriter::new(file)),
                });
            }
            _ => path.to_path_buf(),
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let seq = SEQ.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.vouch-{}-{seq}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            path,
            tmp: Some(tmp),
            file: Some(BufWriter::new(file)),
        })
    }

    /// A folder for scratch files that belong with this one: beside it, or for a device
    /// or pipe, the system's temporary folder.
    pub fn scratch_dir(&self) -> PathBuf {
        match &self.tmp {
            Some(tmp) => tmp.parent().unwrap_or(Path::new(".")).to_path_buf(),
            None => std::env::temp_dir(),
        }
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let file = file.into_inner().map_err(|e| e.into_error());
        let Some(tmp) = &self.tmp else {
            // Written in place: a device or pipe has nothing to sync or rename.
            return file.map(drop);
        };
        let result = file
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(tmp, &self.path));
        if result.is_err() {
            let _ = std::fs::remove_file(tmp);
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            // Closed before removal (Windows cannot remove an open file); the unwritten
            // buffer is dropped with it.
            drop(file.into_parts());
            if let Some(tmp) = &self.tmp {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

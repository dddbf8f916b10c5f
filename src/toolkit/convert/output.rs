//! The output directory of a conversion, written so that an interrupted or failed run never
//! leaves a half-written import: every file is written into a staging directory inside the
//! output directory, synced, and renamed into place only when the whole run (self-test
//! included) has succeeded. A failed run removes the staging directory. Once the new files are
//! in place, the files an earlier run of the same target wrote that this run did not (a
//! `users-0003.json` when this run needed two parts) are removed, so that the directory holds
//! one import, never parts of two; other files are left alone. A run killed before it could
//! clean up leaves its staging directory behind: the next run into the directory removes it
//! (once its process is gone; two runs into one directory at once are not supported).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// One file written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileInfo {
    /// The file name, relative to the output directory.
    pub name: String,
    /// Records it holds (users; for the rejects file, rejects).
    pub records: u64,
    /// Its size in bytes.
    pub bytes: u64,
}

struct Open {
    name: String,
    /// `None` once the file is complete: flushed, synced and closed (a run of many parts
    /// holds one buffer and one descriptor at a time, not one a part).
    file: Option<BufWriter<File>>,
    records: u64,
    bytes: u64,
}

/// The staging directory and the files being written into it.
pub(crate) struct Staging {
    dir: PathBuf,
    tmp: PathBuf,
    files: Vec<Open>,
    done: bool,
}

/// Create `path` for writing, readable by the owner only: the files hold password hashes.
fn create_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// The name prefix of a staging directory; the process id and a time follow.
const STAGING: &str = ".hashbridge-staging-";

/// Whether process `pid` is running. Where that cannot be told (no `/proc`, no `kill`), it is
/// taken as gone.
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    #[cfg(unix)]
    {
        if let Ok(status) = std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
        {
            return status.success();
        }
    }
    false
}

/// Remove the staging directories that runs into `dir` left behind when they were killed:
/// those whose process is gone. Only real directories named as this module names them.
fn remove_abandoned(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(STAGING))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if entry.file_type()?.is_dir() && !running(pid) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

impl Staging {
    /// A fresh staging directory inside `dir` (created if missing), after removing those that
    /// killed runs left there.
    pub(crate) fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        remove_abandoned(dir)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let tmp = dir.join(format!("{STAGING}{}-{nanos}", std::process::id()));
        let mut b = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(&tmp)?;
        Ok(Staging {
            dir: dir.to_owned(),
            tmp,
            files: Vec::new(),
            done: false,
        })
    }

    /// Start the file `name` (a plain file name); its handle for [`Staging::write`].
    pub(crate) fn create(&mut self, name: &str) -> io::Result<usize> {
        let file = create_private(&self.tmp.join(name))?;
        self.files.push(Open {
            name: name.to_owned(),
            file: Some(BufWriter::with_capacity(1 << 16, file)),
            records: 0,
            bytes: 0,
        });
        Ok(self.files.len() - 1)
    }

    /// Append `bytes` to file `h`.
    pub(crate) fn write(&mut self, h: usize, bytes: &[u8]) -> io::Result<()> {
        let f = self
            .files
            .get_mut(h)
            .ok_or_else(|| io::Error::other("no such staged file"))?;
        f.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the staged file is closed"))?
            .write_all(bytes)?;
        f.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Flush, sync and close file `h`: nothing more is written to it.
    pub(crate) fn close(&mut self, h: usize) -> io::Result<()> {
        if let Some(file) = self.files.get_mut(h).and_then(|f| f.file.take()) {
            sync(file)?;
        }
        Ok(())
    }

    /// Count one more record in file `h`.
    pub(crate) fn count(&mut self, h: usize) {
        if let Some(f) = self.files.get_mut(h) {
            f.records += 1;
        }
    }

    /// Bytes written to file `h` so far.
    pub(crate) fn bytes(&self, h: usize) -> u64 {
        self.files.get(h).map_or(0, |f| f.bytes)
    }

    /// Write file `h` last, from what `text` makes of the other files, then commit, removing
    /// the files `owned` says an earlier run of the same target wrote.
    pub(crate) fn commit_with(
        mut self,
        h: usize,
        text: impl FnOnce(&[FileInfo]) -> String,
        owned: impl Fn(&str) -> bool,
    ) -> io::Result<Vec<FileInfo>> {
        let others: Vec<FileInfo> = self
            .files
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != h)
            .map(|(_, f)| FileInfo {
                name: f.name.clone(),
                records: f.records,
                bytes: f.bytes,
            })
            .collect();
        let body = text(&others);
        self.write(h, body.as_bytes())?;
        self.commit(owned)
    }

    /// Flush and sync every file, then move each into the output directory; then remove the
    /// files of the output directory that `owned` says the target writes and this run did not
    /// write (an earlier run's surplus parts).
    pub(crate) fn commit(mut self, owned: impl Fn(&str) -> bool) -> io::Result<Vec<FileInfo>> {
        let mut out = Vec::with_capacity(self.files.len());
        for f in &mut self.files {
            if let Some(file) = f.file.take() {
                sync(file)?;
            }
        }
        for f in &self.files {
            fs::rename(self.tmp.join(&f.name), self.dir.join(&f.name))?;
            out.push(FileInfo {
                name: f.name.clone(),
                records: f.records,
                bytes: f.bytes,
            });
        }
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if entry.file_type()?.is_file()
                && owned(&name)
                && !self.files.iter().any(|f| f.name == name)
            {
                fs::remove_file(entry.path())?;
            }
        }
        if let Ok(d) = File::open(&self.dir) {
            // Make the renames and removals durable; a filesystem that cannot sync a
            // directory still has every file complete under its final name.
            let _ = d.sync_all();
        }
        self.done = true;
        fs::remove_dir_all(&self.tmp)?;
        Ok(out)
    }
}

/// Flush `file` and sync it to disk.
fn sync(mut file: BufWriter<File>) -> io::Result<()> {
    file.flush()?;
    file.get_ref().sync_all()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            self.files.clear();
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// A run of files holding one list of records, in JSON-array or JSON-lines form, cut into
/// numbered parts at a byte or record limit: `users-0001.json`, `users-0002.json`, ...
pub(crate) struct Series {
    stem: String,
    ext: &'static str,
    head: &'static str,
    sep: &'static str,
    tail: &'static str,
    max_bytes: u64,
    max_records: u64,
    part: u32,
    open: Option<(usize, u64)>,
}

impl Series {
    /// JSON lines: one record a line, no limit.
    pub(crate) fn lines(stem: &str) -> Self {
        Series::new(stem, "jsonl", "", "", "", u64::MAX, u64::MAX)
    }

    /// A JSON document per part: `head`, the records separated by `,\n`, `tail`.
    pub(crate) fn json(
        stem: &str,
        head: &'static str,
        tail: &'static str,
        max_bytes: u64,
        max_records: u64,
    ) -> Self {
        Series::new(stem, "json", head, ",\n", tail, max_bytes, max_records)
    }

    /// An SQL script: `head`, one statement a line, `tail`; at most `max_records` a part.
    pub(crate) fn sql(
        stem: &str,
        head: &'static str,
        tail: &'static str,
        max_records: u64,
    ) -> Self {
        Series::new(stem, "sql", head, "\n", tail, u64::MAX, max_records)
    }

    fn new(
        stem: &str,
        ext: &'static str,
        head: &'static str,
        sep: &'static str,
        tail: &'static str,
        max_bytes: u64,
        max_records: u64,
    ) -> Self {
        Series {
            stem: stem.to_owned(),
            ext,
            head,
            sep,
            tail,
            max_bytes,
            max_records,
            part: 0,
            open: None,
        }
    }

    /// The bytes a part holding only `record` would take: what must fit under the limit.
    pub(crate) fn alone(&self, record: &str) -> u64 {
        (self.head.len() + record.len() + self.tail.len()) as u64
    }

    /// Whether `record` fits in an empty part.
    pub(crate) fn fits(&self, record: &str) -> bool {
        self.alone(record) <= self.max_bytes
    }

    /// The name of part `n`; a series that never needed a second part has a single name
    /// without a number only when it is JSON lines.
    fn name(&self, n: u32) -> String {
        if self.max_bytes == u64::MAX && self.max_records == u64::MAX {
            format!("{}.{}", self.stem, self.ext)
        } else {
            format!("{}-{n:04}.{}", self.stem, self.ext)
        }
    }

    /// Append `record` (the caller checked [`Series::fits`]), starting a new part when the
    /// current one is full.
    pub(crate) fn push(&mut self, out: &mut Staging, record: &str) -> io::Result<()> {
        let lines = self.ext == "jsonl";
        let need = (self.sep.len() + record.len() + self.tail.len()) as u64;
        let h = match self.open {
            Some((h, n)) if n < self.max_records && out.bytes(h) + need <= self.max_bytes => h,
            Some((h, _)) => {
                if !lines {
                    out.write(h, self.tail.as_bytes())?;
                }
                out.close(h)?;
                self.start(out)?
            }
            None => self.start(out)?,
        };
        let in_part = self.open.map_or(0, |(_, n)| n);
        if !lines && in_part > 0 {
            out.write(h, self.sep.as_bytes())?;
        }
        out.write(h, record.as_bytes())?;
        if lines {
            out.write(h, b"\n")?;
        }
        out.count(h);
        if let Some((_, n)) = &mut self.open {
            *n += 1;
        }
        Ok(())
    }

    fn start(&mut self, out: &mut Staging) -> io::Result<usize> {
        self.part += 1;
        let h = out.create(&self.name(self.part))?;
        out.write(h, self.head.as_bytes())?;
        self.open = Some((h, 0));
        Ok(h)
    }

    /// Close the open part. A JSON series with no records at all writes nothing.
    pub(crate) fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        if let Some((h, _)) = self.open.take()
            && self.ext != "jsonl"
        {
            out.write(h, self.tail.as_bytes())?;
        }
        Ok(())
    }

    /// Parts written so far.
    pub(crate) fn parts(&self) -> u32 {
        self.part
    }

    /// Whether `name` is the name of a part of this series (of any run).
    pub(crate) fn owns(&self, name: &str) -> bool {
        let Some(rest) = name
            .strip_prefix(self.stem.as_str())
            .and_then(|r| r.strip_suffix(self.ext))
            .and_then(|r| r.strip_suffix('.'))
        else {
            return false;
        };
        rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;

    #[test]
    fn a_full_part_is_closed_and_every_part_is_committed() {
        let dir = std::env::temp_dir().join(format!("hb-series-{}", std::process::id()));
        let mut out = Staging::new(&dir).unwrap();
        let mut users = Series::json("users", "[\n", "\n]\n", 40, u64::MAX);
        for i in 0..30 {
            let record = format!("{{\"n\":{i:3}}}");
            assert!(users.fits(&record));
            users.push(&mut out, &record).unwrap();
            // One buffer and one descriptor at a time, however many parts.
            assert_eq!(out.files.iter().filter(|f| f.file.is_some()).count(), 1);
        }
        users.finish(&mut out).unwrap();
        let files = out.commit(|n| users.owns(n)).unwrap();
        assert_eq!(files.len(), users.parts() as usize);
        let mut seen = Vec::new();
        for f in &files {
            let text = fs::read_to_string(dir.join(&f.name)).unwrap();
            assert!(text.len() as u64 <= 40 && text.len() as u64 == f.bytes);
            let v: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
            assert_eq!(v.len() as u64, f.records);
            seen.extend(v.into_iter().map(|u| u["n"].as_u64().unwrap()));
        }
        assert_eq!(seen, (0..30).collect::<Vec<u64>>());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn series_names_are_recognised() {
        let parts = Series::json("users", "[", "]", 10, u64::MAX);
        assert!(parts.owns("users-0001.json") && parts.owns("users-12345.json"));
        assert!(parts.owns("users.json"));
        for other in [
            "users-1.json",
            "users-0001.jsonl",
            "users-staged.json",
            "xusers-0001.json",
            "users-000a.json",
        ] {
            assert!(!parts.owns(other), "{other}");
        }
        let lines = Series::lines("users-staged");
        assert!(lines.owns("users-staged.jsonl") && !lines.owns("users.jsonl"));
    }

    #[test]
    fn a_rerun_removes_the_parts_it_no_longer_needs_and_abandoned_staging() {
        let dir = std::env::temp_dir().join(format!("hb-rerun-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let run = |records: u32| {
            let mut out = Staging::new(&dir).unwrap();
            let mut users = Series::json("users", "[\n", "\n]\n", u64::MAX, 1);
            for i in 0..records {
                users.push(&mut out, &format!("{i}")).unwrap();
            }
            users.finish(&mut out).unwrap();
            out.commit(|n| users.owns(n)).unwrap()
        };
        run(3);
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        // A run killed with its staging directory full (no process has pid u32::MAX - 1).
        let abandoned = dir.join(format!("{STAGING}{}-1", u32::MAX - 1));
        fs::create_dir(&abandoned).unwrap();
        fs::write(abandoned.join("users-0001.json"), "[half").unwrap();
        // One of this process's own runs, still going: left alone.
        let live = dir.join(format!("{STAGING}{}-1", std::process::id()));
        fs::create_dir(&live).unwrap();
        let files = run(1);
        assert_eq!(files.len(), 1);
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let live_name = live.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(names, [live_name.as_str(), "notes.txt", "users-0001.json"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}

//! The output directory of a conversion, written so that an interrupted or failed run never
//! leaves a half-written import: every file is written into a staging directory inside the
//! output directory, synced, and renamed into place only when the whole run (self-test
//! included) has succeeded. A failed run removes the staging directory; files of an earlier
//! run with other names are left alone.

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

impl Staging {
    /// A fresh staging directory inside `dir` (created if missing).
    pub(crate) fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let tmp = dir.join(format!(
            ".hashbridge-staging-{}-{nanos}",
            std::process::id()
        ));
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

    /// Write file `h` last, from what `text` makes of the other files, then commit.
    pub(crate) fn commit_with(
        mut self,
        h: usize,
        text: impl FnOnce(&[FileInfo]) -> String,
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
        self.commit()
    }

    /// Flush and sync every file, then move each into the output directory.
    pub(crate) fn commit(mut self) -> io::Result<Vec<FileInfo>> {
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
        if let Ok(d) = File::open(&self.dir) {
            // Make the renames durable; a filesystem that cannot sync a directory still has
            // every file complete under its final name.
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
        let files = out.commit().unwrap();
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
}

//! Streaming, order-preserving, multi-threaded processing of line-oriented input.
//!
//! Lines are read in chunks of a bounded number and size, processed by `threads` workers that
//! take lines one at a time from the chunk (so one slow KDF does not stall a whole share), and
//! written in input order. Memory stays constant whatever the input size.
//!
//! Every input line gets exactly one answer line, blank and unreadable ones included, so that
//! output line N always answers input line N and a consumer can pair them without an id.

use std::io::{self, BufRead, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use zeroize::Zeroizing;

/// Longest line accepted; a longer one is answered with `on_too_long` and skipped.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// Lines per chunk for each worker thread.
const LINES_PER_THREAD: usize = 64;

/// What [`run`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Lines answered.
    pub lines: u64,
}

/// One input line. A record's line holds its password in JSON, so the text is wiped on drop.
pub(crate) enum Line {
    Text(Zeroizing<String>),
    TooLong,
    NotUtf8,
}

/// Read one line of at most `max` bytes (without its terminator). `None` at end of input.
pub(crate) fn read_line(
    input: &mut (impl BufRead + ?Sized),
    max: usize,
) -> io::Result<Option<Line>> {
    // Grown by hand (see `append`) so that no reallocation leaves a copy of a password behind.
    let mut buf = Zeroizing::new(Vec::new());
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr(available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            let content = if done { take - 1 } else { take };
            if buf.len() + content > max {
                too_long = true;
                buf = Zeroizing::new(Vec::new());
            } else {
                append(&mut buf, &available[..content]);
            }
        }
        input.consume(take);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Line::TooLong));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    // The bytes move into the String without a copy; refused bytes are wiped as they drop.
    Ok(Some(match String::from_utf8(std::mem::take(&mut *buf)) {
        Ok(s) => Line::Text(Zeroizing::new(s)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Line::NotUtf8
        }
    }))
}

/// Append `more` to `buf`, moving to a larger buffer when full; the old one is wiped as it drops.
fn append(buf: &mut Zeroizing<Vec<u8>>, more: &[u8]) {
    let needed = buf.len() + more.len();
    if needed > buf.capacity() {
        let mut bigger = Zeroizing::new(Vec::with_capacity(needed.max(buf.capacity() * 2)));
        bigger.extend_from_slice(buf);
        *buf = bigger;
    }
    buf.extend_from_slice(more);
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Drop a UTF-8 byte-order mark at the start of the input (Windows tools write one).
pub(crate) fn skip_bom(input: &mut (impl BufRead + ?Sized)) -> io::Result<()> {
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}

/// Why a line cannot be handed to the processing function, or `None` when it can.
fn unreadable(line: &Line) -> Option<&'static str> {
    match line {
        Line::Text(t) if t.trim().is_empty() => Some("blank line; every line must hold a record"),
        Line::Text(_) => None,
        Line::TooLong => Some("line longer than 8 MiB"),
        Line::NotUtf8 => Some("line is not valid UTF-8"),
    }
}

/// Most worker threads [`run`] starts: each holds a share of a chunk and may run a memory-hard
/// verify, so threads far beyond the cores only add memory (and `threads` times the chunk length
/// must not overflow).
pub const MAX_THREADS: usize = 1024;

/// Answer every line of `input` with `process(line_number, line)`, writing answers to `output`
/// in input order; line numbers count from 1. `invalid(line_number, reason)` answers lines that
/// are blank, too long or not UTF-8. A byte-order mark before the first line is skipped.
/// `progress` is called after each chunk with the number of lines answered so far. `threads` is
/// clamped to 1..=[`MAX_THREADS`].
///
/// # Errors
/// The first read error of `input` or write error of `output`; answers written before it stay
/// written.
pub fn run<F, G, P>(
    mut input: impl BufRead,
    mut output: impl Write,
    threads: usize,
    process: F,
    invalid: G,
    mut progress: P,
) -> io::Result<Stats>
where
    F: Fn(u64, &str) -> String + Sync,
    G: Fn(u64, &'static str) -> String,
    P: FnMut(u64),
{
    let threads = threads.clamp(1, MAX_THREADS);
    let chunk_len = threads * LINES_PER_THREAD;
    let mut stats = Stats::default();
    skip_bom(&mut input)?;
    loop {
        let first = stats.lines + 1;
        let mut chunk: Vec<Line> = Vec::with_capacity(chunk_len);
        let mut bytes = 0usize;
        while chunk.len() < chunk_len && bytes < 4 * MAX_LINE_BYTES {
            match read_line(&mut input, MAX_LINE_BYTES)? {
                None => break,
                Some(l) => {
                    if let Line::Text(t) = &l {
                        bytes += t.len();
                    }
                    chunk.push(l);
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        let answers = answer_chunk(&chunk, first, threads, &process);
        for ((number, line), answer) in (first..).zip(&chunk).zip(answers) {
            let text = match (answer, unreadable(line)) {
                (Some(a), _) => a,
                (None, reason) => invalid(number, reason.unwrap_or("unreadable line")),
            };
            output.write_all(text.as_bytes())?;
            output.write_all(b"\n")?;
        }
        stats.lines += chunk.len() as u64;
        output.flush()?;
        progress(stats.lines);
    }
    Ok(stats)
}

/// Process the readable lines of `chunk`, whose first line is input line `first`.
fn answer_chunk<F>(chunk: &[Line], first: u64, threads: usize, process: &F) -> Vec<Option<String>>
where
    F: Fn(u64, &str) -> String + Sync,
{
    let one = |i: usize, l: &Line| match l {
        Line::Text(t) if unreadable(l).is_none() => Some(process(first + i as u64, t)),
        _ => None,
    };
    if threads == 1 || chunk.len() == 1 {
        return chunk.iter().enumerate().map(|(i, l)| one(i, l)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<String>> = vec![None; chunk.len()];
    let parts: Vec<Vec<(usize, Option<String>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.min(chunk.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= chunk.len() {
                            break;
                        }
                        mine.push((i, one(i, &chunk[i])));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, r) in parts.into_iter().flatten() {
        results[i] = r;
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(input: &[u8], threads: usize) -> String {
        let mut out = Vec::new();
        run(
            input,
            &mut out,
            threads,
            |n, l| format!("{n}:<{l}>"),
            |n, m| format!("{n}:E:{m}"),
            |_| {},
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keeps_order_and_numbers_lines() {
        let input = (0..1000).map(|i| format!("{i}\n")).collect::<String>();
        let mut out = Vec::new();
        let stats = run(
            input.as_bytes(),
            &mut out,
            4,
            |n, l| format!("{n}:<{l}>"),
            |_, m| m.to_string(),
            |_| {},
        )
        .unwrap();
        assert_eq!(stats.lines, 1000);
        let expected: String = (0..1000).map(|i| format!("{}:<{i}>\n", i + 1)).collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn bad_lines_get_answers() {
        for threads in [1, 2] {
            assert_eq!(
                answers(b"ok\n\xff\xfe\nlast", threads),
                "1:<ok>\n2:E:line is not valid UTF-8\n3:<last>\n"
            );
        }
    }

    #[test]
    fn blank_lines_are_answered_in_place() {
        for threads in [1, 3] {
            assert_eq!(
                answers(b"a\n\n \t\r\nb\n\n", threads),
                "1:<a>\n2:E:blank line; every line must hold a record\n\
                 3:E:blank line; every line must hold a record\n4:<b>\n\
                 5:E:blank line; every line must hold a record\n"
            );
        }
        // The end of the input is not a line of its own.
        assert_eq!(answers(b"a\n", 1), "1:<a>\n");
        assert_eq!(answers(b"", 1), "");
    }

    #[test]
    fn a_byte_order_mark_before_the_first_line_is_skipped() {
        assert_eq!(
            answers("\u{feff}{}\n\u{feff}x\n".as_bytes(), 1),
            "1:<{}>\n2:<\u{feff}x>\n"
        );
        assert_eq!(answers(b"\xEF\xBB\xBF", 1), "");
    }

    #[test]
    fn line_numbers_run_on_across_chunks() {
        let n = 3 * 2 * LINES_PER_THREAD + 5;
        let input: String = (0..n)
            .map(|i| {
                if i % 7 == 0 {
                    "\n".to_owned()
                } else {
                    format!("{i}\n")
                }
            })
            .collect();
        let out = answers(input.as_bytes(), 2);
        for (i, line) in out.lines().enumerate() {
            assert!(line.starts_with(&format!("{}:", i + 1)), "{line}");
        }
        assert_eq!(out.lines().count(), n);
    }
}

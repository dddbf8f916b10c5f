//! Streaming, order-preserving, multi-threaded processing of line-oriented input.
//!
//! Lines are read in chunks of a bounded number and size, processed by `threads` workers that
//! take lines one at a time from the chunk (so one slow KDF does not stall a whole share), and
//! written in input order. Memory stays constant whatever the input size.

use std::io::{self, BufRead, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

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

pub(crate) enum Line {
    Text(String),
    TooLong,
    NotUtf8,
}

/// Read one line of at most `max` bytes (without its terminator). `None` at end of input.
pub(crate) fn read_line(
    input: &mut (impl BufRead + ?Sized),
    max: usize,
) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
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
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&available[..content]);
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
    Ok(Some(match String::from_utf8(buf) {
        Ok(s) => Line::Text(s),
        Err(_) => Line::NotUtf8,
    }))
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Answer every line of `input` with `process` (blank lines are skipped), writing answers to
/// `output` in input order. `invalid` answers lines that are too long or not UTF-8.
/// `progress` is called after each chunk with the number of lines answered so far.
pub fn run<F, G, P>(
    mut input: impl BufRead,
    mut output: impl Write,
    threads: usize,
    process: F,
    invalid: G,
    mut progress: P,
) -> io::Result<Stats>
where
    F: Fn(&str) -> String + Sync,
    G: Fn(&'static str) -> String,
    P: FnMut(u64),
{
    let threads = threads.max(1);
    let chunk_len = threads * LINES_PER_THREAD;
    let mut stats = Stats::default();
    loop {
        let mut chunk: Vec<Line> = Vec::with_capacity(chunk_len);
        let mut bytes = 0usize;
        while chunk.len() < chunk_len && bytes < 4 * MAX_LINE_BYTES {
            match read_line(&mut input, MAX_LINE_BYTES)? {
                None => break,
                Some(Line::Text(t)) if t.trim().is_empty() => continue,
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
        let answers = answer_chunk(&chunk, threads, &process);
        for (line, answer) in chunk.iter().zip(answers) {
            let text = match (line, answer) {
                (_, Some(a)) => a,
                (Line::TooLong, None) => invalid("line longer than 8 MiB"),
                (_, None) => invalid("line is not valid UTF-8"),
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

fn answer_chunk<F>(chunk: &[Line], threads: usize, process: &F) -> Vec<Option<String>>
where
    F: Fn(&str) -> String + Sync,
{
    let one = |l: &Line| match l {
        Line::Text(t) => Some(process(t)),
        _ => None,
    };
    if threads == 1 || chunk.len() == 1 {
        return chunk.iter().map(one).collect();
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
                        mine.push((i, one(&chunk[i])));
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

    #[test]
    fn keeps_order_and_skips_blank_lines() {
        let input = (0..1000).map(|i| format!("{i}\n")).collect::<String>() + "\n\n";
        let mut out = Vec::new();
        let stats = run(
            input.as_bytes(),
            &mut out,
            4,
            |l| format!("<{l}>"),
            |m| m.to_string(),
            |_| {},
        )
        .unwrap();
        assert_eq!(stats.lines, 1000);
        let text = String::from_utf8(out).unwrap();
        let expected: String = (0..1000).map(|i| format!("<{i}>\n")).collect();
        assert_eq!(text, expected);
    }

    #[test]
    fn bad_lines_get_answers() {
        let input: &[u8] = b"ok\n\xff\xfe\nlast";
        let mut out = Vec::new();
        run(
            input,
            &mut out,
            2,
            |l| l.to_string(),
            |m| format!("E:{m}"),
            |_| {},
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ok\nE:line is not valid UTF-8\nlast\n"
        );
    }
}

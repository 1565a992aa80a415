//! Progress on stderr for long runs: cases done, cases per second and, when the size of the input
//! is known, how far through it the run is and the time left. Only drawn when stderr is a
//! terminal, so pipes, files and CI logs stay clean.

use grievance::run::Counts;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Redrawing more often than this only costs time and flickers.
const EVERY: Duration = Duration::from_millis(150);

pub struct Progress {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
    /// Bytes of all inputs, when every input is a file or folder (not stdin).
    total: Option<u64>,
    /// This process's bytes read when the run started.
    read_at_start: Option<u64>,
    drawn: bool,
}

impl Progress {
    pub fn new(enabled: bool, inputs: &[String]) -> Progress {
        let total = if enabled { input_size(inputs) } else { None };
        let read_at_start = if total.is_some() { bytes_read() } else { None };
        Progress { enabled, started: Instant::now(), last: None, total, read_at_start, drawn: false }
    }

    pub fn update(&mut self, c: &Counts) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.last.is_some_and(|t| now - t < EVERY) {
            return;
        }
        self.last = Some(now);
        let secs = (now - self.started).as_secs_f64().max(1e-3);
        let mut line = format!("{} cases, {:.0} cases/s", c.read, c.read as f64 / secs);
        if let (Some(total), Some(start), Some(read)) = (self.total, self.read_at_start, bytes_read())
            && total > 0
        {
            // Readers run at most one chunk ahead of the analysis, so bytes read is a fair
            // measure of the work done.
            let done = (read.saturating_sub(start) as f64 / total as f64).clamp(0.0, 1.0);
            line.push_str(&format!(", {:.0}%", done * 100.0));
            if done > 0.01 && secs > 1.0 {
                line.push_str(&format!(", ~{} left", duration(secs * (1.0 - done) / done)));
            }
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// Removes the progress line so the closing summary starts on a clean line.
    pub fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

fn duration(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s % 3600 / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// The total size of the inputs, or None when one of them is stdin or cannot be measured.
fn input_size(inputs: &[String]) -> Option<u64> {
    let mut total = 0;
    for i in inputs {
        if i == "-" {
            return None;
        }
        total += path_size(Path::new(i), 0)?;
    }
    Some(total)
}

fn path_size(p: &Path, depth: usize) -> Option<u64> {
    let m = std::fs::metadata(p).ok()?;
    if !m.is_dir() {
        return Some(m.len());
    }
    if depth > 8 {
        return Some(0);
    }
    let mut total = 0;
    for e in std::fs::read_dir(p).ok()?.flatten() {
        total += path_size(&e.path(), depth + 1).unwrap_or(0);
    }
    Some(total)
}

/// Bytes this process has read so far (Linux: `rchar` in /proc/self/io); None elsewhere, where
/// progress shows cases and rate only.
fn bytes_read() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines().find_map(|l| l.strip_prefix("rchar:")).and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(42.4), "42s");
        assert_eq!(duration(65.0), "1m05s");
        assert_eq!(duration(3725.0), "1h02m");
    }

    #[test]
    fn stdin_has_no_known_size() {
        assert_eq!(input_size(&["-".to_string()]), None);
    }
}

//! HdrHistogram interval logs (`.hlog`) in the Java conventions, both ways.
//!
//! Owns the header (version line, `StartTime`, `BaseTime`, column legend, which the Rust
//! writer does not write itself), one `Tag=<operation>` line per operation per interval
//! with a V2+DEFLATE base64 payload, and reading a log back into one merged histogram per
//! tag. Values are microseconds and `Interval_Max` is written in microseconds too
//! (divisor 1). Interval timestamps are seconds relative to `BaseTime` (= `StartTime` =
//! the run start), as Java's `HistogramLogWriter` writes them. Must not keep a clock.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::interval_log::{
    IntervalLogIterator, IntervalLogWriterBuilder, IntervalLogWriterError, LogEntry, Tag,
};
use hdrhistogram::serialization::{Deserializer, V2DeflateSerializer};

use super::error::ResultsError;

/// The lowest discernible value of every histogram, µs.
pub const LOWEST_US: u64 = 1;
/// The highest trackable value, µs (60 s); larger values are saturated to it.
pub const HIGHEST_US: u64 = 60_000_000;
/// Significant figures kept.
pub const SIGFIG: u8 = 3;

/// A new empty histogram with the harness's fixed bounds (1 µs..60 s, 3 digits).
pub fn new_histogram() -> Histogram<u64> {
    // The bounds are constants that hdrhistogram accepts (low ≥ 1, high ≥ 2·low, sigfig ≤ 5).
    Histogram::new_with_bounds(LOWEST_US, HIGHEST_US, SIGFIG).unwrap_or_else(|_| unreachable!("constant bounds"))
}

/// The Java log format version written in the header.
pub const LOG_FORMAT_VERSION: &str = "1.3";

/// Writes one interval log to `W`, header first.
pub struct HlogWriter<W: Write> {
    out: W,
    serializer: V2DeflateSerializer,
}

impl<W: Write> HlogWriter<W> {
    /// Writes the header: a comment naming the producer and unit, the version line,
    /// `StartTime` and `BaseTime` (both = `start`) and the legend.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn new(mut out: W, start: SystemTime, what: &str) -> std::io::Result<Self> {
        let secs = start.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64();
        let human = time::OffsetDateTime::from(start)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        writeln!(out, "#[Logged with nubefact-harness {}: {what}, values in microseconds]", env!("CARGO_PKG_VERSION"))?;
        writeln!(out, "#[Histogram log format version {LOG_FORMAT_VERSION}]")?;
        writeln!(out, "#[StartTime: {secs:.3} (seconds since epoch), {human}]")?;
        writeln!(out, "#[BaseTime: {secs:.3} (seconds since epoch)]")?;
        writeln!(out, "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"")?;
        Ok(HlogWriter { out, serializer: V2DeflateSerializer::new() })
    }

    /// Writes one interval of `tag`: `offset` from the run start, `length` long.
    ///
    /// # Errors
    /// [`ResultsError::Serialize`] or [`ResultsError::Write`] (with `path` for the message).
    pub fn write_interval(
        &mut self,
        path: &Path,
        tag: &str,
        offset: Duration,
        length: Duration,
        histogram: &Histogram<u64>,
    ) -> Result<(), ResultsError> {
        // An empty builder writes no header lines: ours were written in `new`.
        let builder = IntervalLogWriterBuilder::new();
        let mut writer = builder
            .begin_log_with(&mut self.out, &mut self.serializer)
            .map_err(|source| ResultsError::Write { path: path.to_owned(), source })?;
        writer.write_histogram(histogram, offset, length, Tag::new(tag)).map_err(|err| match err {
            IntervalLogWriterError::SerializeError(source) => ResultsError::Serialize { tag: tag.to_owned(), source },
            IntervalLogWriterError::IoError(source) => ResultsError::Write { path: path.to_owned(), source },
        })
    }

    /// Flushes and returns the writer.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// What one interval log held, merged per tag.
#[derive(Debug, Clone, Default)]
pub struct MergedLog {
    /// The merge of every interval of each tag.
    pub by_tag: BTreeMap<String, Histogram<u64>>,
    /// How many interval lines were read.
    pub intervals: usize,
}

/// Reads an interval log and merges every interval of each tag (untagged intervals get the
/// tag `""`). `path` is only used in error messages.
///
/// # Errors
/// [`ResultsError::HlogParse`] on a line that does not parse, [`ResultsError::HlogDecode`]
/// on a payload that does not decode.
pub fn read_merged(path: &Path, bytes: &[u8]) -> Result<MergedLog, ResultsError> {
    let mut merged = MergedLog::default();
    let mut deserializer = Deserializer::new();
    for entry in IntervalLogIterator::new(bytes) {
        let entry = entry.map_err(|err| match err {
            hdrhistogram::serialization::interval_log::LogIteratorError::ParseError { offset } => {
                ResultsError::HlogParse { path: path.to_owned(), offset }
            }
        })?;
        let LogEntry::Interval(interval) = entry else { continue };
        let tag = interval.tag().map(|t| t.as_str().to_owned()).unwrap_or_default();
        let decode_err = |reason: String| ResultsError::HlogDecode { path: path.to_owned(), tag: tag.clone(), reason };
        let raw = base64::engine::general_purpose::STANDARD
            .decode(interval.encoded_histogram())
            .map_err(|e| decode_err(e.to_string()))?;
        let histogram: Histogram<u64> =
            deserializer.deserialize(&mut raw.as_slice()).map_err(|e| decode_err(e.to_string()))?;
        let target = merged.by_tag.entry(tag.clone()).or_insert_with(new_histogram);
        target.add(&histogram).map_err(|e| decode_err(format!("{e:?}")))?;
        merged.intervals += 1;
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_log_has_the_java_header_and_reads_back_merged_per_tag() {
        let mut first = new_histogram();
        first.saturating_record(150);
        first.saturating_record(90_000_000); // above the max: saturated, not dropped
        let mut second = new_histogram();
        second.saturating_record(2_000);
        let path = Path::new("response_time.hlog");
        let mut writer = HlogWriter::new(Vec::new(), UNIX_EPOCH + Duration::from_secs(1_700_000_000), "test").unwrap();
        writer.write_interval(path, "generar_comprobante", Duration::ZERO, Duration::from_secs(1), &first).unwrap();
        writer
            .write_interval(path, "generar_comprobante", Duration::from_secs(1), Duration::from_secs(1), &second)
            .unwrap();
        writer
            .write_interval(path, "consultar_comprobante", Duration::from_secs(1), Duration::from_secs(1), &second)
            .unwrap();
        let bytes = writer.into_inner().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "#[Histogram log format version 1.3]");
        assert!(lines[2].starts_with("#[StartTime: 1700000000.000 (seconds since epoch), 2023-11-14T22:13:20Z"));
        assert!(lines[3].starts_with("#[BaseTime: 1700000000.000"));
        assert_eq!(
            lines[4],
            "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\""
        );
        assert!(lines[5].starts_with("Tag=generar_comprobante,0.000,1.000,"));

        let merged = read_merged(path, &bytes).unwrap();
        assert_eq!(merged.intervals, 3);
        let generar = &merged.by_tag["generar_comprobante"];
        assert_eq!(generar.len(), 3);
        assert_eq!(generar.max(), first.max());
        assert_eq!(merged.by_tag["consultar_comprobante"].len(), 1);
    }

    #[test]
    fn garbage_in_a_log_is_an_error_naming_the_file() {
        let err = read_merged(Path::new("x.hlog"), b"Tag=a,zz\n").unwrap_err();
        assert!(err.to_string().starts_with("x.hlog"), "{err}");
    }
}

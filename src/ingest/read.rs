//! Reading input files into articles: `.txt` and `.md` (with optional front matter:
//! title, published, source, url) and `.jsonl` (one article per line: id, title,
//! published, url, source, text; unknown fields ignored). Folders are walked
//! recursively in name order; files of other types inside folders are passed over.
//!
//! Every problem is reported with the file (and line) and the reason, and only that
//! file or record is skipped: not UTF-8, empty, binary, a malformed JSON line.

use jiff::civil::Date;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Records longer than this are refused rather than read into memory whole.
pub const MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

/// An article as read from its file, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawArticle {
    /// The file name (relative to the folder given) or the JSONL record id.
    pub key: String,
    /// Where it came from, for messages: `path` or `path:line`.
    pub origin: String,
    pub title: Option<String>,
    pub published: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// sha256 of the record as read, to tell unchanged from replaced articles.
    pub hash: String,
}

/// A file or record that was not ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub origin: String,
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    /// `origin: reason`, with control and bidi characters escaped: a file name
    /// holding a terminal escape must not reach the terminal as one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", escaped(&self.origin), escaped(&self.reason))
    }
}

/// `text` with control characters (C0, DEL, C1: terminal escapes among them) and
/// bidirectional formatting characters written as `\u{..}`, so that printing it
/// can neither drive the terminal nor reorder the rest of the line.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One input file to read, with the key its articles get.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub key: String,
}

/// Expands the paths given on the command line into input files, in a stable order.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Rejected>) {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                rejected.push(Rejected {
                    origin: path.display().to_string(),
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        if meta.is_file() {
            if supported(path) {
                let key = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                files.push(InputFile {
                    path: path.clone(),
                    key,
                });
            } else {
                rejected.push(Rejected {
                    origin: path.display().to_string(),
                    reason: "unsupported file type (expected .txt, .md or .jsonl)".into(),
                });
            }
            continue;
        }
        walk_folder(path, &mut files, &mut rejected);
    }
    (files, rejected)
}

/// The supported files under the folder `root`, recursively in name order. Links
/// are followed only while they stay inside `root`: a link out of it (to
/// `/etc/passwd`, say) is refused with a message, and so is a loop.
fn walk_folder(root: &Path, files: &mut Vec<InputFile>, rejected: &mut Vec<Rejected>) {
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                let origin = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let reason = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                rejected.push(Rejected { origin, reason });
                continue;
            }
        };
        if e.path_is_symlink()
            && let Ok(target) = std::fs::canonicalize(e.path())
            && !target.starts_with(&inside)
        {
            rejected.push(Rejected {
                origin: e.path().display().to_string(),
                reason: format!(
                    "symbolic link to {}, outside the folder {}: not followed",
                    target.display(),
                    root.display()
                ),
            });
            if e.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if e.file_type().is_file() && supported(e.path()) {
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            files.push(InputFile {
                path: e.path().to_path_buf(),
                key: rel.to_string_lossy().replace('\\', "/"),
            });
        }
    }
}

fn supported(path: &Path) -> bool {
    matches!(
        extension(path).as_deref(),
        Some("txt" | "md" | "markdown" | "jsonl")
    )
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Reads one input file into its articles (one for text, many for JSON Lines), as an
/// iterator: a JSON Lines file is read one record at a time, so memory stays bounded
/// by [`MAX_ARTICLE_BYTES`] per record whatever the size of the file.
pub fn read_file(input: &InputFile) -> FileArticles {
    let origin = input.path.display().to_string();
    let reject = |reason: String| {
        FileArticles::Done(
            vec![Err(Rejected {
                origin: origin.clone(),
                reason,
            })]
            .into_iter(),
        )
    };
    let size = match std::fs::metadata(&input.path) {
        Ok(m) => m.len(),
        Err(e) => return reject(format!("cannot read: {e}")),
    };
    let is_jsonl = extension(&input.path).as_deref() == Some("jsonl");
    if is_jsonl {
        return match std::fs::File::open(&input.path) {
            Ok(f) => FileArticles::Lines(JsonLines::new(origin, std::io::BufReader::new(f))),
            Err(e) => reject(format!("cannot read: {e}")),
        };
    }
    if size > MAX_ARTICLE_BYTES as u64 {
        return reject(format!(
            "too large for one article ({size} bytes; the limit is {MAX_ARTICLE_BYTES})"
        ));
    }
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return reject(format!("cannot read: {e}")),
    };
    let (articles, rejected) = read_bytes(&input.key, &origin, false, &bytes);
    let mut all: Vec<Result<RawArticle, Rejected>> = articles.into_iter().map(Ok).collect();
    all.extend(rejected.into_iter().map(Err));
    FileArticles::Done(all.into_iter())
}

/// The articles of one file, or why a file or record was refused, in file order.
pub enum FileArticles {
    /// A text file (or a file refused whole): everything is already read.
    Done(std::vec::IntoIter<Result<RawArticle, Rejected>>),
    /// A JSON Lines file, read a record at a time.
    Lines(JsonLines<std::io::BufReader<std::fs::File>>),
}

impl Iterator for FileArticles {
    type Item = Result<RawArticle, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            FileArticles::Done(items) => items.next(),
            FileArticles::Lines(lines) => lines.next(),
        }
    }
}

/// Reads the bytes of one file into its articles: JSON Lines when `is_jsonl`, else
/// one text or Markdown article keyed `key`. Every problem becomes a [`Rejected`]
/// naming `origin`; no input makes it panic (the fuzz target `read_article` holds it to that).
pub fn read_bytes(
    key: &str,
    origin: &str,
    is_jsonl: bool,
    bytes: &[u8],
) -> (Vec<RawArticle>, Vec<Rejected>) {
    if is_jsonl {
        let mut articles = Vec::new();
        let mut rejected = Vec::new();
        for item in JsonLines::new(origin.to_string(), bytes) {
            match item {
                Ok(a) => articles.push(a),
                Err(r) => rejected.push(r),
            }
        }
        return (articles, rejected);
    }
    let result = decode(bytes).and_then(|text| article_from_text(key, origin, &text, bytes));
    match result {
        Ok(a) => (vec![a], Vec::new()),
        Err(reason) => (
            Vec::new(),
            vec![Rejected {
                origin: origin.to_string(),
                reason,
            }],
        ),
    }
}

/// Text from bytes: UTF-8 (a byte-order mark is dropped), or UTF-32 or UTF-16 with
/// a BOM. UTF-32's little-endian BOM starts like UTF-16's, so it is looked for first.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return utf32(rest, u32::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        return utf32(rest, u32::from_be_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!("not valid UTF-8 at byte {}", e.valid_up_to())),
    }
}

fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> Result<String, String> {
    if !bytes.len().is_multiple_of(4) {
        return Err("not valid UTF-32 (length not a multiple of 4 bytes)".into());
    }
    bytes
        .chunks_exact(4)
        .map(|c| char::from_u32(unit([c[0], c[1], c[2], c[3]])))
        .collect::<Option<String>>()
        .ok_or_else(|| "not valid UTF-32 (a value that is no character)".to_string())
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("not valid UTF-16 (odd number of bytes)".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| "not valid UTF-16".to_string())
}

/// Line endings normalized to `\n`, so that byte offsets are the same however the
/// file was saved.
fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn article_from_text(
    key: &str,
    origin: &str,
    text: &str,
    raw: &[u8],
) -> Result<RawArticle, String> {
    let text = normalize_newlines(text);
    let (meta, body) = split_front_matter(&text)?;
    if body.trim().is_empty() {
        return Err("empty file (no article text)".into());
    }
    let mut article = RawArticle {
        key: key.to_string(),
        origin: origin.to_string(),
        title: None,
        published: None,
        source: None,
        url: None,
        text: body.to_string(),
        hash: hash(raw),
    };
    for (k, v) in meta {
        match k.as_str() {
            "title" => article.title = Some(v),
            "source" => article.source = Some(v),
            "url" => article.url = Some(v),
            "published" | "date" => {
                article.published =
                    Some(parse_published(&v).map_err(|e| format!("front matter: {e}"))?)
            }
            _ => {} // unknown fields are allowed and ignored
        }
    }
    Ok(article)
}

/// `---` front matter of `key: value` lines, and the text after it.
/// Front matter fields as (lowercased key, value).
type Fields = Vec<(String, String)>;

fn split_front_matter(text: &str) -> Result<(Fields, &str), String> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((Vec::new(), text));
    };
    let Some(end) = rest.find("\n---") else {
        return Err("front matter starts with --- but never ends".into());
    };
    let header = &rest[..end];
    let after = &rest[end + 4..];
    let body = after.strip_prefix('\n').unwrap_or(after);
    let mut fields = Vec::new();
    for line in header
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    {
        let Some((k, v)) = line.split_once(':') else {
            return Err(format!("front matter line {line:?} is not `key: value`"));
        };
        let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
        fields.push((k.trim().to_ascii_lowercase(), v));
    }
    Ok((fields, body))
}

/// A publication date: `YYYY-MM-DD`, or a timestamp starting with one.
pub fn parse_published(value: &str) -> Result<Date, String> {
    let v = value.trim();
    let day = v.get(..10).unwrap_or(v);
    day.parse::<Date>()
        .map_err(|_| format!("published {v:?} is not a date (expected YYYY-MM-DD)"))
}

#[derive(serde::Deserialize)]
struct JsonArticle {
    id: serde_json::Value,
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: Option<String>,
    text: Option<String>,
}

/// The records of a JSON Lines stream, one line at a time. A line longer than
/// [`MAX_ARTICLE_BYTES`] is refused and skipped without being held in memory; a
/// stream with no record at all is refused as empty.
pub struct JsonLines<R> {
    origin: String,
    reader: R,
    line: Vec<u8>,
    number: usize,
    seen_record: bool,
    done: bool,
}

impl<R: std::io::BufRead> JsonLines<R> {
    pub fn new(origin: String, reader: R) -> Self {
        JsonLines {
            origin,
            reader,
            line: Vec::new(),
            number: 0,
            seen_record: false,
            done: false,
        }
    }

    /// Reads the next line into `self.line` (without its `\n`). `Ok(None)` at the end;
    /// `Ok(Some(n))` with `n` the line's full length, which is more than the buffer
    /// holds when the line was too long and the rest of it was skipped.
    fn read_line(&mut self) -> std::io::Result<Option<usize>> {
        use std::io::{BufRead, Read};
        self.line.clear();
        let limit = MAX_ARTICLE_BYTES as u64 + 1;
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Ok(None);
        }
        if self.line.last() == Some(&b'\n') {
            self.line.pop();
            return Ok(Some(self.line.len()));
        }
        if self.line.len() <= MAX_ARTICLE_BYTES {
            return Ok(Some(self.line.len())); // the last line, without a newline
        }
        // Too long: count and drop the rest of the line instead of reading it in.
        let mut total = self.line.len();
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            match buf.iter().position(|b| *b == b'\n') {
                Some(at) => {
                    total += at;
                    self.reader.consume(at + 1);
                    break;
                }
                None => {
                    let len = buf.len();
                    total += len;
                    self.reader.consume(len);
                }
            }
        }
        Ok(Some(total))
    }
}

impl<R: std::io::BufRead> Iterator for JsonLines<R> {
    type Item = Result<RawArticle, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let read = self.read_line();
            self.number += 1;
            let at = format!("{}:{}", self.origin, self.number);
            let len = match read {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    self.seen_record = true;
                    return Some(Err(Rejected {
                        origin: at,
                        reason: format!("cannot read: {e}"),
                    }));
                }
            };
            let mut line = self.line.as_slice();
            if self.number == 1 {
                line = line.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(line);
            }
            let too_long = len > MAX_ARTICLE_BYTES;
            if !too_long && line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.seen_record = true;
            let result = if too_long {
                Err(format!(
                    "record too large ({len} bytes; the limit is {MAX_ARTICLE_BYTES})"
                ))
            } else {
                jsonl_record(line, &at)
            };
            return Some(result.map_err(|reason| Rejected { origin: at, reason }));
        }
        if !self.seen_record {
            self.seen_record = true;
            return Some(Err(Rejected {
                origin: self.origin.clone(),
                reason: "empty file".into(),
            }));
        }
        None
    }
}

fn jsonl_record(line: &[u8], origin: &str) -> Result<RawArticle, String> {
    let text = std::str::from_utf8(line)
        .map_err(|e| format!("not valid UTF-8 at byte {}", e.valid_up_to()))?;
    let record: JsonArticle =
        serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let id = match record.id {
        serde_json::Value::String(s) if !s.trim().is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err("missing \"id\" (a non-empty string or number)".into()),
    };
    let body = record
        .text
        .filter(|t| !t.trim().is_empty())
        .ok_or("missing or empty \"text\"")?;
    if body.contains('\0') {
        return Err("\"text\" contains NUL bytes".into());
    }
    let published = record
        .published
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_published(&p))
        .transpose()?;
    Ok(RawArticle {
        key: id,
        origin: origin.to_string(),
        title: record.title,
        published,
        source: record.source,
        url: record.url,
        text: normalize_newlines(&body),
        hash: hash(line),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_unknown_fields_ignored() {
        let t = "---\ntitle: Talks in Geneva\npublished: 2020-10-29\nmood: tense\n---\nThe ministers met.\n";
        let a = article_from_text("a.md", "a.md", t, t.as_bytes()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Talks in Geneva"));
        assert_eq!(a.published, Some(jiff::civil::date(2020, 10, 29)));
        assert_eq!(a.text, "The ministers met.\n");
    }

    #[test]
    fn bad_bytes_are_explained() {
        assert_eq!(decode(b""), Err("empty file".into()));
        assert_eq!(
            decode(b"ab\0cd"),
            Err("binary file (contains NUL bytes)".into())
        );
        assert_eq!(decode(b"ok \xff"), Err("not valid UTF-8 at byte 3".into()));
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), Ok("hi".into()));
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]), Ok("hi".into()));
    }

    #[test]
    fn jsonl_lines_fail_alone() {
        let data = b"{\"id\": \"a\", \"text\": \"One.\", \"extra\": 1}\n{not json\n{\"id\": 7, \"text\": \"Two.\", \"published\": \"1987-02-26\"}\n";
        let (ok, bad) = read_bytes("x.jsonl", "x.jsonl", true, data);
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].key, "7");
        assert_eq!(bad.len(), 1);
        assert!(bad[0].origin.ends_with(":2"));
        assert!(bad[0].reason.starts_with("malformed JSON"));
    }

    #[test]
    fn jsonl_streams_keep_line_numbers_and_report_empty_files() {
        let data = b"\xEF\xBB\xBF\n   \r\n{\"id\": \"a\", \"text\": \"One.\"}\r\n\n{bad\n{\"id\": \"b\", \"text\": \"Two.\"}";
        let items: Vec<_> = JsonLines::new("s.jsonl".into(), &data[..]).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().origin, "s.jsonl:3");
        assert_eq!(items[1].as_ref().unwrap_err().origin, "s.jsonl:5");
        assert_eq!(items[2].as_ref().unwrap().key, "b");
        let blank: Vec<_> = JsonLines::new("e.jsonl".into(), &b"\xEF\xBB\xBF \n\t\n"[..]).collect();
        assert_eq!(blank.len(), 1);
        assert_eq!(blank[0].as_ref().unwrap_err().reason, "empty file");
    }

    #[test]
    fn crlf_becomes_lf() {
        let t = "Line one.\r\nLine two.\rEnd.";
        let a = article_from_text("a.txt", "a.txt", t, t.as_bytes()).unwrap();
        assert_eq!(a.text, "Line one.\nLine two.\nEnd.");
    }
}

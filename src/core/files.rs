//! Reading a dropped file into the text the reader understands.
//!
//! Every kind of file becomes tab-separated text (cells apart by `\t`, rows by `\n`), exactly
//! like text copied out of Excel, and then goes through the one reader ([`crate::parse`]).
//!
//! - Text files: a byte-order mark first (UTF-8, UTF-16 LE/BE), then strict UTF-8, then GB18030
//!   (what Chinese Excel, WPS and Notepad write). `.csv` files are comma-separated with `"…"`
//!   quoting and are turned into tab-separated text.
//! - `.xlsx` workbooks: every visible sheet in order, numbers and dates as the sheet shows them,
//!   merged regions holding their value in their first cell only.
//! - `.docx` documents: body paragraphs one a line and tables one row a line, in document order.
//!
//! The kind of file is decided by its content (magic bytes) first, then by its extension. Files
//! that cannot be read (old `.xls`/`.doc`, PDF, images, other binaries, damaged archives) give a
//! [`FileError`] whose message names the file, what was tried and what to do.

/// The largest file read, in bytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The largest text the page reads at once, in bytes (pasted or dropped): a longer one is not
/// read, and the page offers to read its first part ([`first_part`]). The page reads on its
/// own thread, some 0.4 s a megabyte in the browser today (BENCHMARKS.md): 10 MB is some
/// 2 000 forms and a 4 s wait, the longest the page allows.
pub const MAX_TEXT_BYTES: usize = 10 * 1024 * 1024;

/// The longest run of whole lines at the start of `text` that fits in `max` bytes (a single
/// line longer than `max` is cut at a character boundary), and how many lines it holds.
pub fn first_part(text: &str, max: usize) -> (&str, usize) {
    if text.len() <= max {
        return (text, text.lines().count());
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let head = match head.rfind('\n') {
        Some(nl) => &head[..nl + 1],
        None => head,
    };
    (head, head.lines().count())
}

/// How many bytes are looked at for NUL bytes when deciding whether a file is text.
const SNIFF_BYTES: usize = 8 * 1024;

/// What a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// UTF-8 text that starts with a byte-order mark.
    Utf8Bom,
    /// UTF-16 text (little- or big-endian, by its byte-order mark).
    Utf16Bom,
    /// UTF-8 text without a byte-order mark.
    Utf8,
    /// GB18030 (a superset of GBK and GB2312) text.
    Gb18030,
    /// An Excel workbook.
    Xlsx,
    /// A Word document.
    Docx,
}

impl Source {
    /// What the file was read as, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Source::Utf8Bom => "UTF-8 编码文本（带 BOM）",
            Source::Utf16Bom => "UTF-16 编码文本（带 BOM）",
            Source::Utf8 => "UTF-8 编码文本",
            Source::Gb18030 => "GB18030（GBK）编码文本",
            Source::Xlsx => "Excel 工作簿（.xlsx）",
            Source::Docx => "Word 文档（.docx）",
        }
    }

    /// What the file was read as, in English.
    pub fn en(self) -> &'static str {
        match self {
            Source::Utf8Bom => "UTF-8 text (with BOM)",
            Source::Utf16Bom => "UTF-16 text (with BOM)",
            Source::Utf8 => "UTF-8 text",
            Source::Gb18030 => "GB18030 (GBK) text",
            Source::Xlsx => "Excel workbook (.xlsx)",
            Source::Docx => "Word document (.docx)",
        }
    }
}

/// A file turned into tab-separated text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileText {
    /// The text: cells apart by `\t`, rows by `\n`.
    pub text: String,
    /// What the file was read as.
    pub source: Source,
    /// Sheets read (xlsx) or 0
    pub sheets: usize,
}

/// Why a file could not be read: a stable code and one sentence in Chinese and in English that
/// names the file, what was tried and what to do.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileError {
    /// `too_large`, `empty`, `binary`, `pdf`, `image`, `xls`, `doc`, `wps`, `encrypted`, `zip`, `office`,
    /// `bad_xlsx` or `bad_docx`.
    pub code: &'static str,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.zh, self.en)
    }
}

impl std::error::Error for FileError {}

/// Reads a file by its name (for the extension) and bytes.
#[cfg(feature = "office")]
pub fn read_file(name: &str, bytes: &[u8]) -> Result<FileText, FileError> {
    read_file_with(name, bytes, gb18030)
}

/// Reads a file by its name (for the extension) and bytes, GB18030 text decoded by `gb`.
pub fn read_file_with(name: &str, bytes: &[u8], gb: Gb18030) -> Result<FileText, FileError> {
    let file = Named::new(name);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file.too_large(bytes.len()));
    }
    if bytes.is_empty() {
        return Err(file.empty());
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return read_zip(&file, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(file.ole(bytes));
    }
    // A PDF may have a few bytes before its header; a text file that quotes one is still text.
    if bytes.starts_with(b"%PDF-")
        || (bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
            && std::str::from_utf8(bytes).is_err())
    {
        return Err(file.pdf());
    }
    if let Some(kind) = image_kind(bytes) {
        return Err(file.image(kind));
    }
    let (text, source) = decode_text(&file, bytes, gb)?;
    let text = if file.ext == "csv" {
        csv_to_tsv(&text)
    } else {
        normalize_newlines(&text)
    };
    if text.trim().is_empty() {
        return Err(file.empty());
    }
    Ok(FileText {
        text,
        source,
        sheets: 0,
    })
}

/// The file's name as messages show it, and its extension in lower case.
struct Named {
    zh: String,
    en: String,
    ext: String,
}

impl Named {
    fn new(name: &str) -> Self {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
        let ext = match base.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
            _ => String::new(),
        };
        if base.is_empty() {
            Named {
                zh: "该文件".into(),
                en: "The file".into(),
                ext,
            }
        } else {
            Named {
                zh: format!("「{base}」"),
                en: format!("\u{201c}{base}\u{201d}"),
                ext,
            }
        }
    }

    fn error(&self, code: &'static str, zh: String, en: String) -> FileError {
        FileError { code, zh, en }
    }

    fn too_large(&self, len: usize) -> FileError {
        let mb = len as f64 / (1024.0 * 1024.0);
        let limit = MAX_FILE_BYTES / (1024 * 1024);
        self.error(
            "too_large",
            format!(
                "{}有 {mb:.1} MB，超过了 {limit} MB 的上限，没有读取：请只保留要检查的表格（例如把它另存为单独的文件），或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} is {mb:.1} MB, above the {limit} MB limit, so it was not read: keep only the forms to check (for example, save that table as a file of its own) or copy the form's cells and paste them here.",
                self.en
            ),
        )
    }

    fn empty(&self) -> FileError {
        self.error(
            "empty",
            format!(
                "{}是空的，读不到任何文字：请确认选对了文件，或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} is empty, with no text to read: check that it is the right file, or copy the form's cells and paste them here.",
                self.en
            ),
        )
    }

    #[cfg(feature = "office")]
    fn empty_book(&self, what_zh: &str, what_en: &str) -> FileError {
        self.error(
            "empty",
            format!(
                "{}是{what_zh}，但里面没有任何文字：请确认选对了文件，或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} is {what_en} but holds no text: check that it is the right file, or copy the form's cells and paste them here.",
                self.en
            ),
        )
    }

    fn binary(&self) -> FileError {
        self.error(
            "binary",
            format!(
                "{}既不是文本（按 UTF-8、UTF-16 和 GB18030 都读不通），也不是 .xlsx 或 .docx 文件：请在原来的程序中把它另存为 .xlsx、.docx 或文本文件，或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} is neither text (it reads as none of UTF-8, UTF-16 and GB18030) nor an .xlsx or .docx file: save it from the program that made it as .xlsx, .docx or text, or copy the form's cells and paste them here.",
                self.en
            ),
        )
    }

    fn pdf(&self) -> FileError {
        self.error(
            "pdf",
            format!(
                "{}是 PDF 文件，本工具不能直接读取 PDF：请在 PDF 阅读器中选中表格文字，复制后粘贴到这里。",
                self.zh
            ),
            format!(
                "{} is a PDF, which this tool cannot read directly: select the form's text in your PDF viewer, copy it and paste it here.",
                self.en
            ),
        )
    }

    fn image(&self, kind: &str) -> FileError {
        self.error(
            "image",
            format!(
                "{}是 {kind} 图片，本工具不识别图片里的文字：请打开原来的表格复制文字粘贴到这里，或照着图片把内容输入进来。",
                self.zh
            ),
            format!(
                "{} is a {kind} image, and this tool does not read text out of images: copy the text from the original form and paste it here, or type it in from the picture.",
                self.en
            ),
        )
    }

    /// An OLE compound file: old Excel, Word or WPS, or an encrypted Office file.
    fn ole(&self, bytes: &[u8]) -> FileError {
        let has = |name: &str| {
            let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
        };
        let kind = match self.ext.as_str() {
            "xls" | "xlt" => "xls",
            "et" | "ett" => "et",
            "doc" | "dot" => "doc",
            "wps" | "wpt" => "wps",
            "xlsx" | "xlsm" | "docx" | "docm" => "encrypted",
            _ if has("EncryptedPackage") => "encrypted",
            _ if has("WordDocument") => "doc",
            _ if has("Workbook") || has("Book") => "xls",
            _ => "xls",
        };
        match kind {
            "xls" => self.error(
                "xls",
                format!(
                    "{}是旧版 Excel 格式（.xls），本工具只能读 .xlsx：请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再拖进来，或直接复制表格内容粘贴到这里。",
                    self.zh
                ),
                format!(
                    "{} is in the old Excel format (.xls), and this tool reads only .xlsx: open it in Excel or WPS, save it as .xlsx and drop that here, or copy the form's cells and paste them here.",
                    self.en
                ),
            ),
            "et" => self.error(
                "xls",
                format!(
                    "{}是 WPS 表格格式（.et），本工具只能读 .xlsx：请在 WPS 中打开它，另存为 .xlsx 后再拖进来，或直接复制表格内容粘贴到这里。",
                    self.zh
                ),
                format!(
                    "{} is a WPS spreadsheet (.et), and this tool reads only .xlsx: open it in WPS, save it as .xlsx and drop that here, or copy the form's cells and paste them here.",
                    self.en
                ),
            ),
            "doc" => self.error(
                "doc",
                format!(
                    "{}是旧版 Word 格式（.doc），本工具只能读 .docx：请在 Word 或 WPS 中打开它，另存为 .docx 后再拖进来，或直接复制表格内容粘贴到这里。",
                    self.zh
                ),
                format!(
                    "{} is in the old Word format (.doc), and this tool reads only .docx: open it in Word or WPS, save it as .docx and drop that here, or copy the form's text and paste it here.",
                    self.en
                ),
            ),
            "wps" => self.error(
                "wps",
                format!(
                    "{}是 WPS 文字格式（.wps），本工具只能读 .docx：请在 WPS 中打开它，另存为 .docx 后再拖进来，或直接复制表格内容粘贴到这里。",
                    self.zh
                ),
                format!(
                    "{} is a WPS Writer document (.wps), and this tool reads only .docx: open it in WPS, save it as .docx and drop that here, or copy the form's text and paste it here.",
                    self.en
                ),
            ),
            _ => self.error(
                "encrypted",
                format!(
                    "{}设置了打开密码（已加密），本工具无法读取：请在 Excel、Word 或 WPS 中打开它，取消密码后另存，再拖进来，或直接复制表格内容粘贴到这里。",
                    self.zh
                ),
                format!(
                    "{} is protected by a password (encrypted), so it cannot be read: open it in Excel, Word or WPS, remove the password, save it and drop it here again, or copy the form's cells and paste them here.",
                    self.en
                ),
            ),
        }
    }

    /// A workbook or document where the `office` feature is left out (the embedded widget).
    #[cfg(not(feature = "office"))]
    fn no_office(&self) -> FileError {
        let (zh, en) = match self.ext.as_str() {
            "docx" | "docm" | "dotx" | "dotm" => (" Word 文档", "a Word document"),
            "xlsx" | "xlsm" | "xltx" | "xltm" => (" Excel 工作簿", "an Excel workbook"),
            _ => (
                "压缩文件（Excel 工作簿、Word 文档或 zip）",
                "a zip file (an Excel workbook, a Word document or an archive)",
            ),
        };
        self.error(
            "office",
            format!(
                "{}是{zh}：这个嵌入版本只读取文本文件。请在 Excel、Word 或 WPS 中选中整张表格，复制后粘贴到这里；或使用 Jixiao 完整版页面打开这个文件。",
                self.zh
            ),
            format!(
                "{} is {en}: this embedded version reads text files only. Select the whole form in Excel, Word or WPS, copy it and paste it here, or open the file in the full Jixiao page.",
                self.en
            ),
        )
    }

    #[cfg(feature = "office")]
    fn bad_xlsx(&self) -> FileError {
        self.error(
            "bad_xlsx",
            format!(
                "{}看起来是 Excel 工作簿（.xlsx），但读取时发现文件已损坏或内容超出范围：请在 Excel 或 WPS 中打开它，重新另存为 .xlsx 后再拖进来，或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} looks like an Excel workbook (.xlsx), but reading it found it damaged or out of bounds: open it in Excel or WPS, save it again as .xlsx and drop that here, or copy the form's cells and paste them here.",
                self.en
            ),
        )
    }

    #[cfg(feature = "office")]
    fn bad_docx(&self) -> FileError {
        self.error(
            "bad_docx",
            format!(
                "{}看起来是 Word 文档（.docx），但读取时发现文件已损坏或内容超出范围：请在 Word 或 WPS 中打开它，重新另存为 .docx 后再拖进来，或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} looks like a Word document (.docx), but reading it found it damaged or out of bounds: open it in Word or WPS, save it again as .docx and drop that here, or copy the form's text and paste it here.",
                self.en
            ),
        )
    }

    /// A zip archive that is neither a workbook nor a document.
    #[cfg(feature = "office")]
    fn other_zip(&self, what_zh: &str, what_en: &str) -> FileError {
        self.error(
            "zip",
            format!(
                "{}是{what_zh}，里面没有 Excel 工作簿（.xlsx）或 Word 文档（.docx）的内容：请把表格另存为 .xlsx 或 .docx 后再拖进来，或直接复制表格内容粘贴到这里。",
                self.zh
            ),
            format!(
                "{} is {what_en}, with no Excel workbook (.xlsx) or Word document (.docx) inside: save the form as .xlsx or .docx and drop that here, or copy the form's cells and paste them here.",
                self.en
            ),
        )
    }
}

/// The kind of image a file's first bytes announce.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("PNG")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("JPEG")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("GIF")
    } else if bytes.len() >= 26 && bytes.starts_with(b"BM") && bytes[6..10] == [0, 0, 0, 0] {
        Some("BMP")
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("WebP")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("TIFF")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"mif1" | b"heim" | b"avif"
        )
    {
        Some("HEIC")
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Text files
// ---------------------------------------------------------------------------------------------

/// A GB18030 decoder: the text, with U+FFFD for bytes that do not decode. Natively it is
/// encoding_rs' (`gb18030`, with the `office` feature); in the browser the page passes the browser's own `TextDecoder`,
/// which knows GB18030 already, so that its tables are not shipped a second time.
pub type Gb18030 = fn(&[u8]) -> String;

/// GB18030 decoded by encoding_rs (the `office` feature; the browser has its own decoder).
#[cfg(feature = "office")]
pub fn gb18030(bytes: &[u8]) -> String {
    encoding_rs::GB18030
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// UTF-16 code units, two bytes each in the order given, with U+FFFD for lone surrogates and
/// a cut-off last byte.
fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks(2).map(|c| match (c, big_endian) {
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Decodes a text file: a byte-order mark first, then strict UTF-8, then GB18030.
fn decode_text(file: &Named, bytes: &[u8], gb: Gb18030) -> Result<(String, Source), FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok((String::from_utf8_lossy(rest).into_owned(), Source::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((utf16(rest, false), Source::Utf16Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((utf16(rest, true), Source::Utf16Bom));
    }
    if bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0) {
        return Err(file.binary());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Source::Utf8));
    }
    let text = gb(bytes);
    // A few bad bytes (a cut-off last character) still read; many mean it is not text.
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if bad > 8 && bad * 100 > text.chars().count() {
        return Err(file.binary());
    }
    Ok((text, Source::Gb18030))
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Turns comma-separated text with `"…"` quoting (as Excel writes `.csv`) into tab-separated
/// text: commas outside quotes become tabs, `""` inside quotes is one `"`, and a newline or tab
/// inside a quoted cell becomes a space.
fn csv_to_tsv(text: &str) -> String {
    let text = normalize_newlines(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    out.push('"');
                }
                '"' => quoted = false,
                '\n' | '\t' => out.push(' '),
                _ => out.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            ',' => {
                out.push('\t');
                at_cell_start = true;
            }
            '\n' => {
                out.push('\n');
                at_cell_start = true;
            }
            '\t' => {
                out.push(' ');
                at_cell_start = false;
            }
            _ => {
                out.push(c);
                at_cell_start = false;
            }
        }
    }
    out
}

#[cfg(feature = "office")]
mod office;
#[cfg(feature = "office")]
use office::read_zip;

/// Without the `office` feature (the embedded widget), a workbook or document is not opened:
/// the message says how to bring its text in instead.
#[cfg(not(feature = "office"))]
fn read_zip(file: &Named, _bytes: &[u8]) -> Result<FileText, FileError> {
    Err(file.no_office())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_part_of_a_long_text_is_whole_lines_within_the_limit() {
        // "绩效\n" is 7 bytes: three lines are 21 bytes.
        let text = "绩效\n绩效\n绩效\n";
        assert_eq!(first_part(text, 100), (text, 3));
        assert_eq!(first_part(text, 21), (text, 3));
        assert_eq!(first_part(text, 20), ("绩效\n绩效\n", 2));
        assert_eq!(first_part(text, 14), ("绩效\n绩效\n", 2));
        assert_eq!(first_part(text, 13), ("绩效\n", 1));
        // One line longer than the limit: cut inside it, at a character's start.
        assert_eq!(first_part("绩效目标", 7), ("绩效", 1));
        assert_eq!(first_part("绩效目标", 2), ("", 0));
    }

    #[test]
    fn csv_becomes_tab_separated() {
        assert_eq!(csv_to_tsv("a,b,c\r\n1,2,3\r\n"), "a\tb\tc\n1\t2\t3\n");
        assert_eq!(
            csv_to_tsv("\"产出指标\",\"数量,指标\",\"说\"\"明\"\n"),
            "产出指标\t数量,指标\t说\"明\n"
        );
        assert_eq!(csv_to_tsv("\"两\n行\",x\n"), "两 行\tx\n");
        assert_eq!(csv_to_tsv("a,,\n"), "a\t\t\n");
    }

    fn no_gb(_: &[u8]) -> String {
        unreachable!("not GB18030")
    }

    #[test]
    fn utf16_with_either_byte_order() {
        let text = "项目名称\t培训\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        for bytes in [le, be] {
            let read = read_file_with("a.txt", &bytes, no_gb).unwrap();
            assert_eq!(read.text, text);
            assert_eq!(read.source, Source::Utf16Bom);
        }
        // A lone surrogate and a cut-off last byte read as U+FFFD.
        let read = read_file_with("a.txt", &[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x42], no_gb);
        assert_eq!(read.unwrap().text, "\u{FFFD}A\u{FFFD}");
    }

    #[test]
    fn gb18030_goes_to_the_decoder_given() {
        // 项目 in GB18030.
        let read = read_file_with("a.txt", &[0xCF, 0xEE, 0xC4, 0xBF], |b| {
            assert_eq!(b, [0xCF, 0xEE, 0xC4, 0xBF]);
            "项目".to_string()
        })
        .unwrap();
        assert_eq!((read.text.as_str(), read.source), ("项目", Source::Gb18030));
        // Mostly undecodable bytes are not text.
        let e = read_file_with("a.txt", &[0x81; 64], |b| "\u{FFFD}".repeat(b.len())).unwrap_err();
        assert_eq!(e.code, "binary");
    }

    #[cfg(not(feature = "office"))]
    #[test]
    fn without_office_a_workbook_says_how_to_bring_it_in() {
        let e = read_file_with("目标表.xlsx", b"PK\x03\x04rest", no_gb).unwrap_err();
        assert_eq!(e.code, "office");
        assert!(e.zh.contains("「目标表.xlsx」是 Excel 工作簿"), "{}", e.zh);
        assert!(e.en.contains("copy it and paste it here"), "{}", e.en);
        let e = read_file_with("a.docx", b"PK\x03\x04rest", no_gb).unwrap_err();
        assert!(e.zh.contains("Word 文档"), "{}", e.zh);
    }
}

//! Attachment rules (issue 4, item 7): at most [`MAX_ATTACHMENTS`] files per
//! submission, each at most [`MAX_ATTACHMENT_BYTES`], and only PDF, JPEG or PNG
//! — decided by the file's first bytes. The name and Content-Type the browser
//! declares are never trusted.

use crate::domain::field_error::FieldError;

/// Largest file accepted: 10 MB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// Most files accepted with one submission.
pub const MAX_ATTACHMENTS: usize = 5;
/// The form field the files come in.
pub const FIELD: &str = "evidence";
/// The `accept` attribute of the file input (a convenience for browsers only).
pub const ACCEPT: &str = ".pdf,.jpg,.jpeg,.png";
/// The hint shown with every file input.
pub const HINT: &str = "最多 5 个文件，每个不超过 10 MB，仅限 PDF、JPG、PNG。如页面提示填写有误，需要重新选择文件。";
/// Appended to every file error: a browser never re-sends a file.
pub const CHOOSE_AGAIN: &str = "请重新选择要上传的全部文件。";

const PDF: &[u8] = b"%PDF-";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG: &[u8] = &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentType {
    Pdf,
    Jpeg,
    Png,
}

impl AttachmentType {
    pub fn mime(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "application/pdf",
            AttachmentType::Jpeg => "image/jpeg",
            AttachmentType::Png => "image/png",
        }
    }
}

/// The type of a file by its magic bytes; None for anything else.
pub fn sniff(bytes: &[u8]) -> Option<AttachmentType> {
    if bytes.starts_with(PDF) {
        Some(AttachmentType::Pdf)
    } else if bytes.starts_with(PNG) {
        Some(AttachmentType::Png)
    } else if bytes.starts_with(JPEG) {
        Some(AttachmentType::Jpeg)
    } else {
        None
    }
}

/// Why a set of files is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttachmentError {
    TooMany,
    TooLarge(String),
    WrongType(String),
    Missing,
}

impl AttachmentError {
    pub fn message(&self) -> String {
        match self {
            AttachmentError::TooMany => format!("最多上传 {MAX_ATTACHMENTS} 个文件"),
            AttachmentError::TooLarge(name) => format!("“{name}”超过 10 MB"),
            AttachmentError::WrongType(name) => format!("“{name}”不是 PDF、JPG 或 PNG 文件"),
            AttachmentError::Missing => "请上传至少 1 个证明材料文件".to_string(),
        }
    }

    /// The error beside the file field, telling that the files must be chosen again.
    pub fn field_error(&self) -> FieldError {
        let message = match self {
            AttachmentError::Missing => format!("{}（PDF、JPG 或 PNG）", self.message()),
            _ => format!("{}。{CHOOSE_AGAIN}", self.message()),
        };
        FieldError { field: FIELD, message }
    }
}

/// Checks files given as (declared name, size in bytes, first bytes). `required`
/// asks for at least one. Returns each file's type, in order.
pub fn check_attachments(
    files: &[(&str, usize, &[u8])],
    required: bool,
) -> Result<Vec<AttachmentType>, AttachmentError> {
    if files.len() > MAX_ATTACHMENTS {
        return Err(AttachmentError::TooMany);
    }
    if required && files.is_empty() {
        return Err(AttachmentError::Missing);
    }
    let mut types = Vec::with_capacity(files.len());
    for (name, size, head) in files {
        if *size > MAX_ATTACHMENT_BYTES {
            return Err(AttachmentError::TooLarge(display_name(name)));
        }
        match sniff(head) {
            Some(t) => types.push(t),
            None => return Err(AttachmentError::WrongType(display_name(name))),
        }
    }
    Ok(types)
}

/// A declared file name fit to show and store: the last path part, control
/// characters dropped, at most 100 characters; "未命名文件" when nothing is left.
pub fn display_name(declared: &str) -> String {
    let last = declared.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() {
        "未命名文件".to_string()
    } else {
        clean
    }
}

/// A size as people read it: "512 字节", "12.3 KB", "4.5 MB".
pub fn format_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} 字节")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_magic_bytes_only() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(AttachmentType::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(AttachmentType::Jpeg));
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(AttachmentType::Png)
        );
        assert_eq!(sniff(b"\x7fELF\x02\x01"), None);
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"%PDF"), None);
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G']), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn limits_count_size_and_type() {
        let pdf: &[u8] = b"%PDF-1.4";
        let ok = check_attachments(&[("a.pdf", 8, pdf)], true).unwrap();
        assert_eq!(ok, vec![AttachmentType::Pdf]);
        assert_eq!(check_attachments(&[], false).unwrap(), vec![]);
        assert_eq!(check_attachments(&[], true), Err(AttachmentError::Missing));
        let six = [("a.pdf", 8, pdf); 6];
        assert_eq!(check_attachments(&six, false), Err(AttachmentError::TooMany));
        assert_eq!(check_attachments(&[("a.pdf", 8, pdf); 5], false).unwrap().len(), 5);
        let big = check_attachments(&[("a.pdf", MAX_ATTACHMENT_BYTES + 1, pdf)], false);
        assert_eq!(big.unwrap_err().message(), "“a.pdf”超过 10 MB");
        assert!(check_attachments(&[("a.pdf", MAX_ATTACHMENT_BYTES, pdf)], false).is_ok());
        let exe = check_attachments(&[("x.exe", 4, b"MZ\x90\x00")], false);
        assert_eq!(exe.unwrap_err().message(), "“x.exe”不是 PDF、JPG 或 PNG 文件");
        assert_eq!(AttachmentError::TooMany.message(), "最多上传 5 个文件");
    }

    #[test]
    fn errors_say_to_choose_files_again() {
        let e = AttachmentError::WrongType("x.exe".into()).field_error();
        assert_eq!(e.field, "evidence");
        assert!(e.message.contains(CHOOSE_AGAIN));
    }

    #[test]
    fn declared_names_are_never_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\me\\证据.pdf"), "证据.pdf");
        assert_eq!(display_name("a\u{0}b\n.pdf"), "ab.pdf");
        assert_eq!(display_name(""), "未命名文件");
        assert_eq!(display_name("dir/"), "未命名文件");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(format_size(512), "512 字节");
        assert_eq!(format_size(2048), "2.0 KB");
        assert_eq!(format_size(3 * 1024 * 1024), "3.0 MB");
    }
}

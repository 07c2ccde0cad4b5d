//! What an uploaded file really is, judged by its first bytes: names and
//! declared types are not trusted.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Jpeg,
    Png,
    Pdf,
}

impl FileKind {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileKind::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Pdf => "pdf",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png)
    }
}

/// The limit for scans (营业执照, attachments).
pub const MAX_SCAN_BYTES: usize = 10 * 1024 * 1024;
pub const SCAN_HINT: &str = "支持 JPG、PNG、PDF 格式，大小不超过 10MB";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_jpeg_png_and_pdf_by_content() {
        assert_eq!(FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some(FileKind::Jpeg));
        assert_eq!(FileKind::sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileKind::Png));
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
    }

    #[test]
    fn refuses_everything_else_whatever_its_name() {
        assert_eq!(FileKind::sniff(b"GIF89a"), None);
        assert_eq!(FileKind::sniff(b"hello, I am a .png"), None);
        assert_eq!(FileKind::sniff(b""), None);
    }
}

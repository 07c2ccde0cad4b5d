//! How server functions travel: JSON both ways, as server_fn's own `Json`,
//! except that the server writes its answers with sonic-rs.
//!
//! serde_json tests every byte of every string one at a time before it
//! copies it; a 待办事项 page (7 KB, mostly 中文 names) spent a ninth of the
//! server's instructions there. sonic-rs checks 32 bytes at once and writes
//! the same JSON (a unit test holds the two to the same bytes). Everything
//! read — requests on the server, answers in the browser — stays serde_json,
//! so the wasm bundle does not change.

use serde::de::DeserializeOwned;
use serde::Serialize;
use server_fn::codec::Post;
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// The body codec: `#[server(input = Json, output = Json)]` with this `Json`.
pub struct JsonBody;

/// JSON in the body of a `POST`, both ways.
pub type Json = Post<JsonBody>;

impl ContentType for JsonBody {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonBody {
    const FORMAT_TYPE: Format = Format::Text;
}

#[cfg(feature = "ssr")]
impl<T: Serialize> Encodes<T> for JsonBody {
    type Error = sonic_rs::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        sonic_rs::to_vec(value).map(Bytes::from)
    }
}

#[cfg(not(feature = "ssr"))]
impl<T: Serialize> Encodes<T> for JsonBody {
    type Error = serde_json::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonBody {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        serde_json::from_slice(&bytes)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::declarations::{DeclarationRow, Status};
    use crate::paging::Page;

    fn both<T: Serialize>(value: &T) -> (String, String) {
        let fast = JsonBody::encode(value).expect("sonic-rs");
        let plain = serde_json::to_vec(value).expect("serde_json");
        (String::from_utf8(fast.to_vec()).expect("utf-8"), String::from_utf8(plain).expect("utf-8"))
    }

    /// The answers are byte for byte what serde_json wrote before: every
    /// escape (quote, backslash, each control character), 中文 and a
    /// character outside the BMP, strings shorter and longer than 32 bytes.
    #[test]
    fn answers_are_the_bytes_serde_json_writes() {
        let awkward: String = (0u8..0x20).map(char::from).chain("\"\\/ 中文𠀀 é\u{7f}\u{2028}".chars()).collect();
        let row = |name: &str| DeclarationRow {
            id: uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
            version: -3,
            applicant_name: name.to_owned(),
            id_number_masked: "4501**********1234".into(),
            business: "职称认定".into(),
            series: "工程/电子信息".into(),
            level: "中级".into(),
            year: 2026,
            unit_name: "广西某某有限公司（南宁）".repeat(3),
            status: Status::UnitReview,
            submitted_at: "2026-12-07 08:00:00".into(),
            updated_at: String::new(),
        };
        let page = Page {
            rows: vec![row("张三"), row(&awkward), row(&"长".repeat(40)), row("a\"b\\c\nd")],
            total: u64::MAX,
            page: 1,
            per_page: 20,
        };
        let (fast, plain) = both(&page);
        assert_eq!(fast, plain);
        let (fast, plain) = both(&(Some(1.5f64), f64::NAN, f64::INFINITY, 1e21f64, 0.1f64, None::<i8>, i64::MIN));
        assert_eq!(fast, plain);
    }
}

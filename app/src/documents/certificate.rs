//! The electronic certificate: A4 landscape, the holder's data, the number,
//! 批准文号 and issuing office, and a QR code of the public verification
//! link; a voided certificate says so across the page. Set in the serif
//! face only: one face to subset keeps it fast.

use super::layout::{Align, Flow, Margins, Measure, Op, Page, Style};
use super::render::Extra;
use crate::certificates::{CertificateRow, CertificateStatus};

/// A4 landscape, in points.
pub const LANDSCAPE: (f32, f32) = (841.89, 595.28);
/// The QR code's side, in points (about 5 cm).
const QR_SIDE: f32 = 140.0;

pub fn title(c: &CertificateRow) -> String {
    format!("专业技术资格证书（{}）", c.number)
}

fn frame(page: &mut Page) {
    let (w, h) = LANDSCAPE;
    for (inset, width) in [(22.0, 2.0), (28.0, 0.6)] {
        let (l, t, r, b) = (inset, inset, w - inset, h - inset);
        for (x1, y1, x2, y2) in [(l, t, r, t), (r, t, r, b), (r, b, l, b), (l, b, l, t)] {
            page.push(Op::Line { x1, y1, x2, y2, width });
        }
    }
}

/// The page and what is drawn over it: the QR code of `link` and, for a
/// voided certificate, 作废 across it.
pub fn layout(m: &dyn Measure, c: &CertificateRow, link: &str) -> (Vec<Page>, Vec<Extra>) {
    let (w, _) = LANDSCAPE;
    let mut flow = Flow::new(m, LANDSCAPE, Margins { top: 60.0, bottom: 76.0, left: 90.0, right: 90.0 });
    flow.paragraph("专业技术资格证书", Style::serif(30.0), Align::Center);
    let sub = match c.status {
        CertificateStatus::Reissued => "（电子证书·补发）",
        _ => "（电子证书）",
    };
    flow.paragraph(sub, Style::serif(12.0), Align::Center);
    flow.space(14.0);
    let body = Style::serif(13.0);
    let lines = [
        ("姓　　名", c.holder_name.clone()),
        ("证件号码", c.id_number_masked.clone()),
        ("系　　列", c.series.clone()),
        ("专　　业", c.specialty.clone()),
        ("资格名称", c.qualification.clone()),
        ("级　　别", c.level.clone()),
        ("取得资格时间", c.qualified_on.clone()),
        ("批准文号", c.approval_no.clone()),
        ("证书编号", c.number.clone()),
        ("发证机构", c.office_name.clone()),
        ("发证日期", c.issued_at.chars().take(10).collect()),
    ];
    for (k, v) in lines {
        flow.paragraph(&format!("{k}：{v}"), body, Align::Left);
        flow.space(2.0);
    }
    if !c.replaces_number.is_empty() {
        flow.paragraph(&format!("原证书编号：{}（已作废）", c.replaces_number), body, Align::Left);
    }
    if c.status == CertificateStatus::Void {
        flow.space(4.0);
        let by = if c.replaced_by_number.is_empty() {
            String::new()
        } else {
            format!("，已由证书 {} 补发替代", c.replaced_by_number)
        };
        flow.paragraph(
            &format!("本证书已于 {} 作废（{}）{by}。", c.voided_at, c.void_reason),
            Style::serif(12.0),
            Align::Left,
        );
    }
    let mut pages = flow.finish("本证书信息可扫描右侧二维码或访问证书验证链接核验真伪。");
    let page = &mut pages[0];
    frame(page);
    // The QR code at the right, its caption and the link below it.
    let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M);
    let mut extras = Vec::new();
    let qr_x = w - 90.0 - QR_SIDE;
    let qr_y = 180.0;
    if let Ok(code) = code {
        let n = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        extras.push(Extra::Qr { x: qr_x, y: qr_y, module: QR_SIDE / n as f32, size: n, dark });
    }
    let caption = Style::serif(10.0);
    let cw = m.width(caption, "扫码核验");
    page.push(Op::Text {
        x: qr_x + (QR_SIDE - cw) / 2.0,
        y: qr_y + QR_SIDE + 18.0,
        style: caption,
        text: "扫码核验".into(),
    });
    let small = Style::serif(7.0);
    let mut y = qr_y + QR_SIDE + 32.0;
    for line in super::layout::wrap(m, small, link, QR_SIDE + 30.0) {
        page.push(Op::Text { x: qr_x - 15.0, y, style: small, text: line });
        y += small.line_height();
    }
    if c.status == CertificateStatus::Void {
        extras.push(Extra::Watermark { text: "作废".into(), size: 160.0 });
    }
    (pages, extras)
}

//! Laid-out pages to a PDF: real text in the embedded (subset) faces, so
//! every page can be selected, searched and copied.

use super::layout::{Family, Measure, Page, Style};
use crate::server::fonts::{Fonts, Shaper};
use krilla::color::{luma, rgb};
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::Document;

/// What is drawn besides the flowing ops: a certificate's QR code and a
/// voided certificate's mark.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// Dark modules of a QR code: `size` modules a side, `module` points each.
    Qr { x: f32, y: f32, module: f32, size: usize, dark: Vec<bool> },
    /// Large red text across the page, turned and translucent.
    Watermark { text: String, size: f32 },
}

pub fn text(surface: &mut Surface, shaper: &Shaper, x: f32, y: f32, style: Style, text: &str) {
    let text = text.replace('\t', " ");
    let mut x = x;
    let mut start = 0;
    let mut face = None;
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let mut flush = |face: usize, glyphs: &mut Vec<KrillaGlyph>, start: usize, end: usize, x: &mut f32| {
        if glyphs.is_empty() {
            return;
        }
        let advance: f32 = glyphs.iter().map(|g| g.x_advance).sum();
        surface.draw_glyphs(
            Point::from_xy(*x, y),
            glyphs,
            shaper.fonts.font(face),
            &text[start..end],
            style.size,
            false,
        );
        *x += advance * style.size;
        glyphs.clear();
    };
    for (i, c) in text.char_indices() {
        let g = shaper.glyph(style.family, c);
        if face.is_some_and(|f| f != g.face) {
            flush(face.unwrap_or_default(), &mut glyphs, start, i, &mut x);
            start = i;
        }
        face = Some(g.face);
        glyphs.push(KrillaGlyph {
            glyph_id: GlyphId::new(g.id),
            text_range: (i - start)..(i - start + c.len_utf8()),
            x_advance: g.advance,
            x_offset: 0.0,
            y_offset: 0.0,
            y_advance: 0.0,
            location: None,
        });
    }
    if let Some(face) = face {
        flush(face, &mut glyphs, start, text.len(), &mut x);
    }
}

fn rect(surface: &mut Surface, x: f32, y: f32, w: f32, h: f32, paint: krilla::paint::Paint) {
    let Some(r) = Rect::from_xywh(x, y, w, h) else { return };
    let mut pb = PathBuilder::new();
    pb.push_rect(r);
    if let Some(path) = pb.finish() {
        surface.set_fill(Some(Fill { paint, opacity: NormalizedF32::ONE, rule: Default::default() }));
        surface.draw_path(&path);
        surface.set_fill(None);
    }
}

fn line(surface: &mut Surface, (x1, y1, x2, y2): (f32, f32, f32, f32), width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        surface.set_stroke(Some(Stroke { width, ..Default::default() }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

fn extra(surface: &mut Surface, shaper: &Shaper, size: (f32, f32), e: &Extra) {
    match e {
        Extra::Qr { x, y, module, size: n, dark } => {
            // One path of all dark modules: a small content stream.
            let mut pb = PathBuilder::new();
            for (i, on) in dark.iter().enumerate() {
                if *on {
                    let (col, row) = ((i % n) as f32, (i / n) as f32);
                    if let Some(r) = Rect::from_xywh(x + col * module, y + row * module, *module, *module) {
                        pb.push_rect(r);
                    }
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(Fill::default()));
                surface.draw_path(&path);
                surface.set_fill(None);
            }
        }
        Extra::Watermark { text: mark, size: font } => {
            let style = Style::serif(*font);
            let (cx, cy) = (size.0 / 2.0, size.1 / 2.0);
            let w = shaper.width(style, mark);
            surface.push_transform(&Transform::from_rotate_at(-30.0, cx, cy));
            surface.push_opacity(NormalizedF32::new(0.3).unwrap_or(NormalizedF32::ONE));
            surface.set_fill(Some(Fill {
                paint: rgb::Color::new(200, 20, 20).into(),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            text(surface, shaper, cx - w / 2.0, cy + font * 0.35, style, mark);
            surface.set_fill(None);
            surface.pop();
            surface.pop();
        }
    }
}

/// The PDF of `pages` (each `size` points), `extras` drawn on the first.
pub fn pdf(fonts: &Fonts, pages: &[Page], size: (f32, f32), title: &str, extras: &[Extra]) -> Result<Vec<u8>, String> {
    use super::layout::Op;
    let shaper = fonts.shaper();
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new().title(title.to_owned()).language("zh-CN".to_owned()).creator("广西职称申报系统".to_owned()),
    );
    for (n, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(size.0, size.1).ok_or("invalid page size")?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, style, text: t } => text(&mut surface, &shaper, *x, *y, *style, t),
                Op::Line { x1, y1, x2, y2, width } => line(&mut surface, (*x1, *y1, *x2, *y2), *width),
                Op::Fill { x, y, w, h, gray } => rect(&mut surface, *x, *y, *w, *h, luma::Color::new(*gray).into()),
            }
        }
        if n == 0 {
            for e in extras {
                extra(&mut surface, &shaper, size, e);
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| format!("PDF not written: {e:?}"))
}

impl Measure for Shaper<'_> {
    fn advance(&self, family: Family, c: char) -> f32 {
        self.glyph(family, if c == '\t' { ' ' } else { c }).advance
    }
}

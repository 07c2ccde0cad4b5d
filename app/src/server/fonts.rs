//! The CJK faces the documents are set in: read once at start-up from the
//! distribution's font files (Debian's `fonts-noto-cjk` by default, paths
//! configurable), never a silent fallback to empty boxes.
//!
//! A `.ttc` holds several faces (JP, KR, SC, TC, HK); the SC face sets the
//! text and the others stand in, one character at a time, for characters
//! it lacks.

use krilla::text::Font;
use skrifa::charmap::Charmap;
use skrifa::metrics::GlyphMetrics;
use skrifa::prelude::{LocationRef, Size};
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Where Debian's `fonts-noto-cjk` puts its faces.
pub const DEFAULT_SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
pub const DEFAULT_SANS: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Body text (a CJK serif face).
    Serif,
    /// Titles, headings and labels (a CJK sans face).
    Sans,
}

struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

/// Every face of the two files, the body's and the headings' first.
pub struct Fonts {
    faces: Vec<Face>,
    serif: usize,
    sans: usize,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fonts({} faces)", self.faces.len())
    }
}

fn family_name(font: &FontRef) -> String {
    font.localized_strings(StringId::FAMILY_NAME).english_or_first().map(|s| s.to_string()).unwrap_or_default()
}

/// The faces of one file, and which of them is the Simplified Chinese one.
fn read(path: &Path, setting: &str) -> Result<(Vec<Face>, usize), String> {
    let data = std::fs::read(path).map_err(|e| {
        format!(
            "font file {} not readable ({e}): install Debian's fonts-noto-cjk or point {setting} at a CJK font",
            path.display()
        )
    })?;
    let data = Arc::new(data);
    let count = FontRef::fonts(&data).count();
    let mut faces = Vec::new();
    let mut primary = None;
    for index in 0..count as u32 {
        let Ok(face) = FontRef::from_index(&data, index) else { continue };
        if face.charmap().map('中').is_none() {
            continue;
        }
        if primary.is_none() && family_name(&face).ends_with(" SC") {
            primary = Some(faces.len());
        }
        let font = Font::new(data.clone().into(), index)
            .ok_or_else(|| format!("font file {} ({setting}): face {index} unreadable", path.display()))?;
        faces.push(Face { data: data.clone(), index, font });
    }
    if faces.is_empty() {
        return Err(format!("font file {} ({setting}) has no face with Chinese characters", path.display()));
    }
    Ok((faces, primary.unwrap_or(0)))
}

impl Fonts {
    /// Reads both files; the error names the missing file and its setting.
    pub fn load(serif: &Path, sans: &Path) -> Result<Self, String> {
        let (mut faces, serif_at) = read(serif, "APP_FONT_SERIF")?;
        let (sans_faces, sans_at) = read(sans, "APP_FONT_SANS")?;
        let sans = faces.len() + sans_at;
        faces.extend(sans_faces);
        Ok(Fonts { faces, serif: serif_at, sans })
    }

    pub(crate) fn font(&self, face: usize) -> Font {
        self.faces[face].font.clone()
    }

    /// Glyph look-up for one document.
    pub fn shaper(&self) -> Shaper<'_> {
        let faces = self
            .faces
            .iter()
            .map(|f| {
                let font = FontRef::from_index(f.data.as_slice(), f.index).expect("checked when loaded");
                let upem = font.head().map(|h| h.units_per_em()).unwrap_or(1000) as f32;
                (font.charmap(), font.glyph_metrics(Size::unscaled(), LocationRef::default()), upem)
            })
            .collect();
        Shaper { fonts: self, faces, cache: RefCell::new(HashMap::new()) }
    }
}

use skrifa::raw::TableProvider;

/// A character's glyph: which face, which glyph, how far it advances (em).
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub face: usize,
    pub id: u32,
    pub advance: f32,
}

/// Characters to glyphs, with the SC face of the family first, then the
/// other family's, then every other face.
pub struct Shaper<'a> {
    pub(crate) fonts: &'a Fonts,
    faces: Vec<(Charmap<'a>, GlyphMetrics<'a>, f32)>,
    cache: RefCell<HashMap<(Family, char), Glyph>>,
}

impl Shaper<'_> {
    pub fn glyph(&self, family: Family, c: char) -> Glyph {
        if let Some(g) = self.cache.borrow().get(&(family, c)) {
            return *g;
        }
        let (first, second) = match family {
            Family::Serif => (self.fonts.serif, self.fonts.sans),
            Family::Sans => (self.fonts.sans, self.fonts.serif),
        };
        let order = [first, second].into_iter().chain((0..self.faces.len()).filter(|i| *i != first && *i != second));
        let advance = |face: usize, id: skrifa::GlyphId| {
            let (_, metrics, upem) = &self.faces[face];
            metrics.advance_width(id).unwrap_or(*upem) / upem
        };
        let found = order
            .map(|face| (face, self.faces[face].0.map(c)))
            .find_map(|(face, id)| id.map(|id| Glyph { face, id: id.to_u32(), advance: advance(face, id) }));
        // A character no face has is drawn as 〓, the typesetter's mark of a
        // missing character, and still copied and found as itself (the PDF
        // maps the glyph to it); .notdef would map to nothing.
        let g = found.unwrap_or_else(|| {
            tracing::warn!(character = %c.escape_unicode(), "no font has this character: drawn as 〓");
            let id = self.faces[first].0.map('〓').unwrap_or(skrifa::GlyphId::NOTDEF);
            Glyph { face: first, id: id.to_u32(), advance: advance(first, id) }
        });
        self.cache.borrow_mut().insert((family, c), g);
        g
    }
}

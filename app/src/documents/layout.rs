//! Page layout of the printed forms: lines wrapped to a width, tables whose
//! rows flow onto further pages with the header repeated, and a footer on
//! every page. Pure geometry over a [`Measure`]: `render` turns the pages
//! into a PDF with the real fonts.
//!
//! Coordinates are points (1/72 inch), origin at the page's top left, y down;
//! a text's `y` is its baseline.

/// A4 portrait, in points.
pub const A4: (f32, f32) = (595.28, 841.89);

pub use crate::server::fonts::Family;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub family: Family,
    pub size: f32,
}

impl Style {
    pub const fn serif(size: f32) -> Self {
        Style { family: Family::Serif, size }
    }
    pub const fn sans(size: f32) -> Self {
        Style { family: Family::Sans, size }
    }
    /// The distance between two baselines.
    pub fn line_height(self) -> f32 {
        self.size * 1.5
    }
}

/// The advance of one character, in ems of its font.
pub trait Measure {
    fn advance(&self, family: Family, c: char) -> f32;

    fn width(&self, style: Style, text: &str) -> f32 {
        text.chars().map(|c| self.advance(style.family, c)).sum::<f32>() * style.size
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// A filled rectangle, `gray` from 0 (black) to 255 (white).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
    },
}

pub type Page = Vec<Op>;

/// Punctuation that must not begin a line (it hangs at the end of the
/// previous one instead).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕”’,.;:?!)]}%".contains(c)
}

/// Letters and digits kept together as one word where the width allows.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '@' | '#' | '+')
}

/// `text` broken into lines no wider than `width` (a line break in the text
/// starts a new line; nothing is dropped except the spaces at a break).
pub fn wrap(m: &dyn Measure, style: Style, text: &str, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        wrap_paragraph(m, style, para, width, &mut out);
    }
    out
}

fn wrap_paragraph(m: &dyn Measure, style: Style, para: &str, width: f32, out: &mut Vec<String>) {
    let chars: Vec<char> = para.chars().filter(|c| *c == '\t' || !c.is_control()).collect();
    let w = |c: char| m.advance(style.family, if c == '\t' { ' ' } else { c }) * style.size;
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut hung = false;
    let mut i = 0;
    while i < chars.len() {
        // A word of letters and digits moves whole to the next line when it
        // would not fit, unless it is longer than a line by itself.
        let end = if word_char(chars[i]) {
            let mut j = i;
            while j < chars.len() && word_char(chars[j]) {
                j += 1;
            }
            j
        } else {
            i + 1
        };
        let piece_w: f32 = chars[i..end].iter().map(|c| w(*c)).sum();
        // One closing mark may hang past the width, never a run of them.
        let hangs = end - i == 1 && no_line_start(chars[i]) && !line.is_empty() && !hung;
        if line_w + piece_w <= width + 0.01 || hangs {
            hung = line_w + piece_w > width + 0.01;
            line.extend(&chars[i..end]);
            line_w += piece_w;
            i = end;
        } else if !line.is_empty() && piece_w <= width {
            out.push(line.trim_end().to_owned());
            line = String::new();
            line_w = 0.0;
            hung = false;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
        } else {
            // Longer than a whole line: broken inside, a character at a
            // time, in one pass over it.
            for &c in &chars[i..end] {
                if line_w + w(c) > width + 0.01 && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += w(c);
            }
            hung = false;
            i = end;
        }
    }
    out.push(line.trim_end().to_owned());
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub style: Style,
    pub align: Align,
    /// A label cell: shaded, like the printed form's captions.
    pub shaded: bool,
    /// How many columns it covers.
    pub span: usize,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell { text: text.into(), style: BODY, align: Align::Left, shaded: false, span: 1 }
    }
    pub fn label(text: impl Into<String>) -> Self {
        Cell { text: text.into(), style: LABEL, align: Align::Center, shaded: true, span: 1 }
    }
    pub fn span(mut self, span: usize) -> Self {
        self.span = span.max(1);
        self
    }
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Room for a signature or a stamp: at least this tall.
    pub min_height: f32,
    /// Never split across pages (a signature block).
    pub keep_together: bool,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Self {
        Row { cells, min_height: 0.0, keep_together: false }
    }
}

/// A bordered table; `widths` are fractions of the text width.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub widths: Vec<f32>,
    /// Repeated at the top of every page the table continues on.
    pub header: Option<Row>,
    pub rows: Vec<Row>,
}

pub const TITLE: Style = Style::sans(18.0);
pub const HEADING: Style = Style::sans(12.0);
pub const LABEL: Style = Style::sans(9.5);
pub const BODY: Style = Style::serif(10.0);
pub const FOOTER: Style = Style::serif(8.0);
const PAD: f32 = 4.0;

/// The margins of every page.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

/// Lays blocks out top to bottom, starting a new page when one is full.
pub struct Flow<'m> {
    m: &'m dyn Measure,
    size: (f32, f32),
    margins: Margins,
    pages: Vec<Page>,
    y: f32,
}

/// A row's cells wrapped, with their place across the page.
struct Laid<'r> {
    row: &'r Row,
    /// x and width of each cell.
    boxes: Vec<(f32, f32)>,
    lines: Vec<Vec<String>>,
}

impl<'m> Flow<'m> {
    pub fn new(m: &'m dyn Measure, size: (f32, f32), margins: Margins) -> Self {
        Flow { m, size, margins, pages: vec![Vec::new()], y: margins.top }
    }

    pub fn text_width(&self) -> f32 {
        self.size.0 - self.margins.left - self.margins.right
    }

    fn bottom(&self) -> f32 {
        self.size.1 - self.margins.bottom
    }

    fn at_top(&self) -> bool {
        self.y <= self.margins.top + 0.01
    }

    fn ops(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margins.top;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn room_for(&mut self, h: f32) {
        if self.y + h > self.bottom() && !self.at_top() {
            self.new_page();
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y += h;
    }

    fn line_at(&mut self, x: f32, width: f32, style: Style, text: &str, align: Align) {
        let w = self.m.width(style, text);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        let y = self.y + style.size;
        if !text.is_empty() {
            self.ops().push(Op::Text { x, y, style, text: text.to_owned() });
        }
    }

    /// Wrapped text across the text width, flowing onto further pages.
    pub fn paragraph(&mut self, text: &str, style: Style, align: Align) {
        let left = self.margins.left;
        let width = self.text_width();
        for line in wrap(self.m, style, text, width) {
            self.room_for(style.line_height());
            self.line_at(left, width, style, &line, align);
            self.y += style.line_height();
        }
    }

    /// A section heading, kept on the page of what follows it.
    pub fn heading(&mut self, text: &str) {
        self.room_for(HEADING.line_height() + 4.0 * BODY.line_height());
        if !self.at_top() {
            self.y += 6.0;
        }
        self.paragraph(text, HEADING, Align::Left);
        self.y += 2.0;
    }

    fn lay<'r>(&self, row: &'r Row, widths: &[f32]) -> Laid<'r> {
        let total = self.text_width();
        let mut x = self.margins.left;
        let mut col = 0;
        let mut boxes = Vec::new();
        let mut lines = Vec::new();
        for cell in &row.cells {
            let frac: f32 = widths.iter().skip(col).take(cell.span).sum();
            let w = frac * total;
            lines.push(wrap(self.m, cell.style, &cell.text, (w - 2.0 * PAD).max(1.0)));
            boxes.push((x, w));
            x += w;
            col += cell.span;
        }
        Laid { row, boxes, lines }
    }

    fn line_height_of(laid: &Laid) -> f32 {
        laid.row.cells.iter().map(|c| c.style.line_height()).fold(0.0, f32::max)
    }

    fn full_height(laid: &Laid) -> f32 {
        let lines = laid.lines.iter().map(Vec::len).max().unwrap_or(0) as f32;
        (lines * Self::line_height_of(laid) + 2.0 * PAD).max(laid.row.min_height)
    }

    /// Draws lines `from..to` of each cell as one band `h` tall.
    fn band(&mut self, laid: &Laid, from: usize, to: usize, h: f32) {
        let top = self.y;
        for (i, cell) in laid.row.cells.iter().enumerate() {
            let (x, w) = laid.boxes[i];
            if cell.shaded {
                self.ops().push(Op::Fill { x, y: top, w, h, gray: 236 });
            }
            let lh = cell.style.line_height();
            let shown = &laid.lines[i][from.min(laid.lines[i].len())..to.min(laid.lines[i].len())];
            // Captions sit in the middle of their band, text at its top.
            let mut y = if cell.shaded { top + (h - shown.len() as f32 * lh) / 2.0 } else { top + PAD };
            for line in shown {
                let saved = self.y;
                self.y = y + (lh - cell.style.size) / 2.0 - cell.style.size * 0.1;
                self.line_at(x + PAD, w - 2.0 * PAD, cell.style, line, cell.align);
                self.y = saved;
                y += lh;
            }
            let line = |ops: &mut Page, x1, y1, x2, y2| ops.push(Op::Line { x1, y1, x2, y2, width: 0.6 });
            let ops = self.ops();
            line(ops, x, top, x + w, top);
            line(ops, x, top + h, x + w, top + h);
            line(ops, x, top, x, top + h);
            line(ops, x + w, top, x + w, top + h);
        }
        self.y = top + h;
    }

    fn header(&mut self, table: &Table) {
        if let Some(header) = &table.header {
            let laid = self.lay(header, &table.widths);
            let h = Self::full_height(&laid);
            self.band(&laid, 0, usize::MAX, h);
        }
    }

    /// A table; rows too tall for the rest of a page continue on the next,
    /// under the repeated header.
    pub fn table(&mut self, table: &Table) {
        let header_h = table.header.as_ref().map(|h| Self::full_height(&self.lay(h, &table.widths))).unwrap_or(0.0);
        let first = table.rows.first().map(|r| self.lay(r, &table.widths));
        let first_line = first.as_ref().map(|l| Self::line_height_of(l) + 2.0 * PAD).unwrap_or(0.0);
        self.room_for(header_h + first_line);
        self.header(table);
        for row in &table.rows {
            let laid = self.lay(row, &table.widths);
            let lh = Self::line_height_of(&laid);
            let total_lines = laid.lines.iter().map(Vec::len).max().unwrap_or(0);
            let full = Self::full_height(&laid);
            let fresh_top = self.margins.top + header_h;
            // A row that fits on a fresh page is moved there whole.
            if self.y + full > self.bottom() + 0.01
                && self.y > fresh_top + 0.01
                && (row.keep_together || full <= self.bottom() - fresh_top)
            {
                self.new_page();
                self.header(table);
            }
            let mut from = 0;
            loop {
                let room = self.bottom() - self.y;
                let rest = total_lines - from;
                let rest_h = (rest as f32 * lh + 2.0 * PAD).max(if from == 0 { row.min_height } else { 0.0 });
                if rest_h <= room + 0.01 || row.keep_together {
                    self.band(&laid, from, total_lines, rest_h);
                    break;
                }
                // Taller than a page: as many lines as fit here, the rest
                // under the header on the next page.
                let mut fits = ((room - 2.0 * PAD) / lh).floor().max(0.0) as usize;
                if fits == 0 && self.y <= fresh_top + 0.01 {
                    fits = 1;
                }
                if fits > 0 {
                    let to = from + fits.min(rest);
                    self.band(&laid, from, to, (to - from) as f32 * lh + 2.0 * PAD);
                    from = to;
                    if from >= total_lines {
                        break;
                    }
                }
                self.new_page();
                self.header(table);
            }
        }
        self.y += 4.0;
    }

    /// The pages, each with its footer: `left` on the left and 第 N 页 共 M 页
    /// on the right.
    pub fn finish(mut self, left: &str) -> Vec<Page> {
        let total = self.pages.len();
        let y = self.size.1 - self.margins.bottom / 2.0;
        let x = self.margins.left;
        let width = self.text_width();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let right = format!("第 {} 页 共 {} 页", i + 1, total);
            page.push(Op::Line {
                x1: x,
                y1: y - FOOTER.size - 3.0,
                x2: x + width,
                y2: y - FOOTER.size - 3.0,
                width: 0.4,
            });
            page.push(Op::Text { x, y, style: FOOTER, text: left.to_owned() });
            let w = self.m.width(FOOTER, &right);
            page.push(Op::Text { x: x + width - w, y, style: FOOTER, text: right });
        }
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every CJK character one em, everything else half an em: the shape of
    /// the real faces' metrics, with round numbers to reason about.
    struct Fixed;
    impl Measure for Fixed {
        fn advance(&self, _: Family, c: char) -> f32 {
            if c.is_ascii() {
                0.5
            } else {
                1.0
            }
        }
    }

    const MARGINS: Margins = Margins { top: 50.0, bottom: 50.0, left: 50.0, right: 50.0 };

    fn texts(page: &Page) -> Vec<&str> {
        page.iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn wraps_cjk_at_the_width_and_keeps_every_character() {
        let text = "一二三四五六七八九十".repeat(3);
        let lines = wrap(&Fixed, BODY, &text, 100.0);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.chars().count() == 10));
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn keeps_words_together_and_breaks_overlong_ones() {
        let lines = wrap(&Fixed, BODY, "编号 ABCDEFGHIJ 结束", 60.0);
        assert_eq!(lines, vec!["编号", "ABCDEFGHIJ", "结束"]);
        let long = "X".repeat(50);
        let lines = wrap(&Fixed, BODY, &long, 60.0);
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| l.len() <= 12));
    }

    #[test]
    fn honours_line_breaks_and_hangs_closing_punctuation() {
        let lines = wrap(&Fixed, BODY, "第一行\n\n第三行", 200.0);
        assert_eq!(lines, vec!["第一行", "", "第三行"]);
        // 。 would begin the second line: it stays at the end of the first.
        let lines = wrap(&Fixed, BODY, "一二三四五。六七", 50.0);
        assert_eq!(lines, vec!["一二三四五。", "六七"]);
    }

    #[test]
    fn a_run_of_closing_marks_hangs_one_at_most() {
        let lines = wrap(&Fixed, BODY, "一二三四五。。。。", 50.0);
        assert_eq!(lines.concat(), "一二三四五。。。。");
        assert!(lines.iter().all(|l| l.chars().count() <= 6), "{lines:?}");
    }

    #[test]
    fn a_word_of_sixty_thousand_letters_wraps_in_one_pass() {
        struct Counting(std::cell::Cell<usize>);
        impl Measure for Counting {
            fn advance(&self, _: Family, _: char) -> f32 {
                self.0.set(self.0.get() + 1);
                0.5
            }
        }
        let m = Counting(std::cell::Cell::new(0));
        let word = "A".repeat(60_000);
        let lines = wrap(&m, BODY, &word, 100.0);
        assert_eq!(lines.concat(), word);
        assert!(m.0.get() < 200_000, "{} measurements", m.0.get());
    }

    #[test]
    fn markup_and_rare_characters_are_text_like_any_other() {
        let text = "<script>alert(1)</script> 𠀀龘 & \"引号\"";
        let lines = wrap(&Fixed, BODY, text, 1000.0);
        assert_eq!(lines, vec![text]);
    }

    fn table_of(rows: usize, lines_per_row: usize) -> Table {
        let body = vec!["行"; lines_per_row].join("\n");
        Table {
            widths: vec![0.3, 0.7],
            header: Some(Row::new(vec![Cell::label("年度"), Cell::label("内容")])),
            rows: (0..rows).map(|i| Row::new(vec![Cell::text(format!("{i}")), Cell::text(body.clone())])).collect(),
        }
    }

    #[test]
    fn a_long_table_continues_on_new_pages_under_its_header() {
        let mut flow = Flow::new(&Fixed, A4, MARGINS);
        flow.table(&table_of(80, 2));
        let pages = flow.finish("申报编号");
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for page in &pages {
            let t = texts(page);
            assert_eq!(&t[..2], ["年度", "内容"], "every page starts with the header");
        }
        // Every row is there once, in order.
        let numbers: Vec<String> = pages
            .iter()
            .flat_map(|p| texts(p).into_iter().filter(|t| t.chars().all(|c| c.is_ascii_digit())).map(str::to_owned))
            .collect();
        assert_eq!(numbers, (0..80).map(|i| i.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_and_nothing_is_lost() {
        let mut flow = Flow::new(&Fixed, A4, MARGINS);
        flow.table(&table_of(1, 120));
        let pages = flow.finish("");
        assert!(pages.len() >= 2);
        let lines: usize = pages.iter().map(|p| texts(p).iter().filter(|t| **t == "行").count()).sum();
        assert_eq!(lines, 120);
        for page in &pages {
            // Nothing below the bottom margin but the footer.
            for op in page {
                if let Op::Text { y, text, .. } = op {
                    if !text.starts_with('第') && !text.is_empty() {
                        assert!(*y <= A4.1 - MARGINS.bottom + 0.01, "{text} at {y}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_signature_block_is_never_split() {
        let mut flow = Flow::new(&Fixed, A4, MARGINS);
        flow.paragraph(&"填充\n".repeat(45), BODY, Align::Left);
        let mut sign = Row::new(vec![Cell::text("单位负责人（签字）：\n（单位盖章）\n年　月　日").align(Align::Right)]);
        sign.min_height = 120.0;
        sign.keep_together = true;
        flow.table(&Table { widths: vec![1.0], header: None, rows: vec![sign] });
        let pages = flow.finish("");
        assert_eq!(pages.len(), 2);
        let last = texts(&pages[1]);
        assert!(last.contains(&"单位负责人（签字）：") && last.contains(&"年　月　日"));
    }

    #[test]
    fn every_page_is_numbered_of_the_total() {
        let mut flow = Flow::new(&Fixed, A4, MARGINS);
        flow.paragraph(&"内容\n".repeat(100), BODY, Align::Left);
        let pages = flow.finish("申报编号：X");
        let n = pages.len();
        assert!(n >= 2);
        for (i, page) in pages.iter().enumerate() {
            let t = texts(page);
            assert!(t.contains(&format!("第 {} 页 共 {} 页", i + 1, n).as_str()));
            assert!(t.contains(&"申报编号：X"));
        }
    }
}

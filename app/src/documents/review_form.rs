//! 《评审表》: the declaration as stored, the unit's four opinions exactly as
//! saved, and the boxes the paper form has for signatures, stamps and
//! dates (the manual's 表报下载).

use super::layout::{Align, Cell, Flow, Margins, Measure, Page, Row, Table, A4, BODY, TITLE};
use crate::declarations::form::WorkRow;
use crate::declarations::{Business, DeclarationDetail};

/// The declaration and what is printed of its applicant.
pub struct ReviewForm<'a> {
    pub detail: &'a DeclarationDetail,
    /// Whole for the unit's copy, masked in the 公示版.
    pub id_number: String,
    pub phone: String,
    pub email: String,
    /// 公示版: for publication.
    pub public: bool,
    /// When the document was produced (China time).
    pub produced_at: String,
}

const MARGINS: Margins = Margins { top: 56.0, bottom: 56.0, left: 50.0, right: 50.0 };
const NOT_FILLED: &str = "（单位尚未填写）";
/// Where the paper form is signed, stamped and dated.
const STAMP: &str = "（单位盖章）\n\n年　　月　　日";

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_owned()
    } else {
        s.to_owned()
    }
}

fn period(start: &str, end: &str) -> String {
    format!("{start} 至 {end}")
}

fn signature(text: String) -> Row {
    let mut row = Row::new(vec![Cell::text(text).align(Align::Right)]);
    row.min_height = 96.0;
    row.keep_together = true;
    row
}

fn list(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Table {
    let rows = if rows.is_empty() {
        vec![Row::new(vec![Cell::text("（无）").span(header.len()).align(Align::Center)])]
    } else {
        rows.into_iter().map(|r| Row::new(r.into_iter().map(Cell::text).collect())).collect()
    };
    Table { widths: widths.to_vec(), header: Some(Row::new(header.iter().map(|h| Cell::label(*h)).collect())), rows }
}

fn works(rows: &[WorkRow]) -> Vec<Vec<String>> {
    rows.iter().map(|w| vec![w.year.clone(), w.title.clone(), w.detail.clone()]).collect()
}

/// Pairs of caption and value, two pairs to a row; a pair on its own row
/// spans the width.
fn fields(pairs: Vec<(&str, String)>) -> Table {
    let mut rows = Vec::new();
    let mut it = pairs.into_iter().peekable();
    while let Some((k, v)) = it.next() {
        let wide = k.ends_with('*');
        let k = k.trim_end_matches('*');
        if wide || it.peek().is_none_or(|(next, _)| next.ends_with('*')) {
            rows.push(Row::new(vec![Cell::label(k), Cell::text(or_blank(&v)).span(3)]));
        } else if let Some((k2, v2)) = it.next() {
            rows.push(Row::new(vec![
                Cell::label(k),
                Cell::text(or_blank(&v)),
                Cell::label(k2),
                Cell::text(or_blank(&v2)),
            ]));
        }
    }
    Table { widths: vec![0.17, 0.33, 0.17, 0.33], header: None, rows }
}

fn numbered(n: &mut usize, title: &str) -> String {
    const DIGITS: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
    let s = format!("{}、{title}", DIGITS.get(*n).copied().unwrap_or("·"));
    *n += 1;
    s
}

pub fn title(public: bool) -> &'static str {
    if public {
        "专业技术职称评审表（公示版）"
    } else {
        "专业技术职称评审表"
    }
}

/// The form's pages, laid out with `m`.
pub fn pages(m: &dyn Measure, f: &ReviewForm) -> Vec<Page> {
    let d = f.detail;
    let form = &d.form;
    let mut flow = Flow::new(m, A4, MARGINS);
    let mut n = 0;
    flow.paragraph(title(f.public), TITLE, Align::Center);
    flow.paragraph(&format!("{}年度　{}　{}", d.year, d.business.label(), d.level.label()), BODY, Align::Center);
    flow.space(8.0);

    flow.heading(&numbered(&mut n, "基本信息"));
    let mut basic = vec![
        ("姓名", d.applicant_name.clone()),
        ("性别", d.gender.clone()),
        // The 公示版's birth year only: the date with the masked 证件号码
        // would give most of the number away.
        (
            "出生日期",
            if f.public { d.birth_date.chars().take(4).collect::<String>() + "年" } else { d.birth_date.clone() },
        ),
        ("证件号码", f.id_number.clone()),
        ("联系电话", f.phone.clone()),
        ("电子邮箱", f.email.clone()),
        ("工作单位*", d.unit_name.clone()),
        ("系列", d.series.clone()),
        ("专业", d.specialty.clone()),
        ("申报级别", d.level.label().to_owned()),
        ("业务类型", d.business.label().to_owned()),
    ];
    if d.business == Business::Recognition {
        basic.push(("参加专业技术工作时间", form.work_start.clone()));
        basic.push(("现从事专业技术工作岗位", form.current_post.clone()));
    }
    basic.push(("申报批次*", d.batch_name.clone()));
    flow.table(&fields(basic));

    match d.business {
        Business::Recognition => {
            flow.heading(&numbered(&mut n, "学历情况"));
            let rows = form
                .education
                .iter()
                .map(|e| vec![period(&e.start, &e.end), e.school.clone(), e.major.clone(), e.education.clone()])
                .collect();
            flow.table(&list(&["起止时间", "毕业学校", "所学专业", "学历"], &[0.24, 0.34, 0.26, 0.16], rows));
            flow.heading(&numbered(&mut n, "主要经历"));
            let rows = form
                .experience
                .iter()
                .map(|e| vec![period(&e.start, &e.end), e.employer.clone(), e.position.clone()])
                .collect();
            flow.table(&list(&["起止时间", "工作单位", "职务（岗位）"], &[0.24, 0.46, 0.30], rows));
            flow.heading(&numbered(&mut n, "继续教育"));
            let rows = form.training.iter().map(|t| vec![t.year.clone(), t.content.clone(), t.hours.clone()]).collect();
            flow.table(&list(&["年度", "学习内容", "学时"], &[0.14, 0.70, 0.16], rows));
            flow.heading(&numbered(&mut n, "业绩成果"));
            flow.table(&list(&["年度", "名称", "内容说明"], &[0.12, 0.30, 0.58], works(&form.achievements)));
            flow.heading(&numbered(&mut n, "论文著作"));
            flow.table(&list(&["年度", "题目", "发表或出版情况"], &[0.12, 0.30, 0.58], works(&form.papers)));
        }
        Business::Reconfirmation | Business::Replacement => {
            let o = &form.original;
            flow.heading(&numbered(&mut n, "原职称情况"));
            flow.table(&fields(vec![
                ("原职称名称", o.title.clone()),
                ("系列", o.series.clone()),
                ("取得时间", o.date.clone()),
                ("证书编号", o.certificate_number.clone()),
                ("审批机关*", o.authority.clone()),
            ]));
            let (heading, text) = if d.business == Business::Reconfirmation {
                ("重新确认原因", &form.reason)
            } else {
                ("遗失声明", &form.loss_statement)
            };
            flow.heading(&numbered(&mut n, heading));
            flow.table(&Table {
                widths: vec![1.0],
                header: None,
                rows: vec![Row::new(vec![Cell::text(or_blank(text))])],
            });
        }
    }

    let op = &d.opinions;
    flow.heading(&numbered(&mut n, "基层单位考核推荐意见"));
    let text = op.recommendation.as_ref().map(|r| r.text.clone()).unwrap_or_else(|| NOT_FILLED.to_owned());
    flow.table(&Table {
        widths: vec![1.0],
        header: None,
        rows: vec![
            Row::new(vec![Cell::text(text)]),
            signature(format!("单位负责人：{}　　（签字）\n\n{STAMP}", d.unit_leader)),
        ],
    });

    if !d.level.is_junior() {
        flow.heading(&numbered(&mut n, "单位审议小组审议推荐意见"));
        let mut rows = match &op.committee {
            Some(c) => {
                fields(vec![
                    ("审议时间", c.meeting_date.clone()),
                    ("审议小组人数", c.members.to_string()),
                    ("赞成票数", c.votes_for.to_string()),
                    ("反对票数", c.votes_against.to_string()),
                    ("弃权票数*", c.votes_abstain.to_string()),
                    ("审议意见*", c.opinion.clone()),
                ])
                .rows
            }
            None => vec![Row::new(vec![Cell::text(NOT_FILLED).span(4)])],
        };
        let mut sign = signature(format!("审议小组负责人（签字）：\n\n{STAMP}"));
        sign.cells[0].span = 4;
        rows.push(sign);
        flow.table(&Table { widths: vec![0.17, 0.33, 0.17, 0.33], header: None, rows });
    }

    flow.heading(&numbered(&mut n, "公示情况"));
    flow.table(&match &op.publicity {
        Some(p) => fields(vec![
            ("公示时间*", period(&p.start, &p.end)),
            ("公示结果*", p.result.clone()),
            ("情况说明*", p.explanation.clone()),
        ]),
        None => Table { widths: vec![1.0], header: None, rows: vec![Row::new(vec![Cell::text(NOT_FILLED)])] },
    });

    flow.heading(&numbered(&mut n, "任现职以来年度及任职期满考核结果"));
    let (rows, term) = match &op.appraisal {
        Some(a) => (a.rows.iter().map(|r| vec![r.year.clone(), r.result.clone()]).collect(), or_blank(&a.term_result)),
        None => (Vec::new(), NOT_FILLED.to_owned()),
    };
    let mut table = list(&["年度", "考核结果"], &[0.3, 0.7], rows);
    table.rows.push(Row::new(vec![Cell::label("任职期满考核结果"), Cell::text(term)]));
    let mut sign = signature(STAMP.to_owned());
    sign.cells[0].span = 2;
    table.rows.push(sign);
    flow.table(&table);

    flow.finish(&format!("申报编号：{}　　生成时间：{}", d.id, f.produced_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declarations::form::{Committee, EducationRow, Recommendation};
    use crate::declarations::{DeclarationForm, Level, Status, UnitOpinions};
    use crate::documents::layout::{Family, Op};

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

    pub(crate) fn sample(level: Level) -> DeclarationDetail {
        DeclarationDetail {
            id: uuid::Uuid::nil(),
            version: 1,
            business: Business::Recognition,
            batch_name: "2026年度（南宁市职改办）".into(),
            batch_closes_at: String::new(),
            year: 2026,
            unit_name: "南宁市第一中学".into(),
            series: "中小学教师".into(),
            specialty: "数学".into(),
            level,
            status: Status::UnitReview,
            applicant_name: "张三".into(),
            id_number_masked: "4501**********0011".into(),
            gender: "男".into(),
            birth_date: "1990-01-01".into(),
            phone: "138****0000".into(),
            email: "a@example.com".into(),
            form: DeclarationForm {
                education: vec![EducationRow {
                    start: "2008-09".into(),
                    end: "2012-07".into(),
                    school: "广西大学".into(),
                    major: "数学".into(),
                    education: "大学本科".into(),
                }],
                ..Default::default()
            },
            commitment: true,
            attachments: vec![],
            opinions: UnitOpinions {
                recommendation: Some(Recommendation { text: "同意推荐。".into() }),
                committee: Some(Committee { opinion: "同意".into(), members: 7, votes_for: 7, ..Default::default() }),
                ..Default::default()
            },
            warnings: vec![],
            timeline: vec![],
            target_org: String::new(),
            unit_leader: "李四".into(),
            editable: false,
        }
    }

    fn all_text(pages: &[Page]) -> String {
        pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn form(d: &DeclarationDetail, public: bool) -> ReviewForm<'_> {
        ReviewForm {
            detail: d,
            id_number: "450102199001010011".into(),
            phone: "13800000000".into(),
            email: "a@example.com".into(),
            public,
            produced_at: "2026-11-28 10:00".into(),
        }
    }

    #[test]
    fn a_junior_form_has_no_committee_section() {
        let d = sample(Level::Assistant);
        let text = all_text(&pages(&Fixed, &form(&d, false)));
        assert!(!text.contains("单位审议小组审议推荐意见"));
        assert!(text.contains("基层单位考核推荐意见") && text.contains("同意推荐。"));
        let d = sample(Level::Intermediate);
        let text = all_text(&pages(&Fixed, &form(&d, false)));
        assert!(text.contains("单位审议小组审议推荐意见"));
    }

    #[test]
    fn five_thousand_characters_of_opinion_flow_onto_further_pages_whole() {
        let mut d = sample(Level::Intermediate);
        let long: String = "甲".repeat(2500) + "\n" + &"乙".repeat(2500);
        d.opinions.recommendation = Some(Recommendation { text: long.clone() });
        let pages = pages(&Fixed, &form(&d, false));
        assert!(pages.len() >= 4, "{} pages", pages.len());
        let text = all_text(&pages);
        assert_eq!(text.matches('甲').count(), 2500);
        assert_eq!(text.matches('乙').count(), 2500);
        let last = pages.len();
        assert!(text.contains(&format!("第 {last} 页 共 {last} 页")));
    }

    /// The real faces, the real PDF writer, and poppler's text extractor.
    #[test]
    fn the_pdf_holds_every_character_as_text_in_embedded_fonts() {
        use crate::server::fonts::{Fonts, DEFAULT_SANS, DEFAULT_SERIF};
        let fonts = Fonts::load(DEFAULT_SERIF.as_ref(), DEFAULT_SANS.as_ref()).expect("fonts-noto-cjk installed");
        let mut d = sample(Level::Intermediate);
        let odd = "<b>加粗</b> & 𠀀龘 \"引号\"";
        let long = format!("{odd}\n{}", "推荐意见正文。".repeat(700));
        d.opinions.recommendation = Some(Recommendation { text: long });
        let f = form(&d, false);
        let started = std::time::Instant::now();
        let shaper = fonts.shaper();
        let pages = pages(&shaper, &f);
        drop(shaper);
        let pdf = crate::documents::render::pdf(&fonts, &pages, A4, title(false), &[]).unwrap();
        eprintln!("{} pages, {} bytes in {:?}", pages.len(), pdf.len(), started.elapsed());
        assert!(pdf.len() < 300 * 1024, "{} bytes", pdf.len());
        let dir = std::env::temp_dir().join(format!("gxzc-review-form-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("form.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out =
            std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("poppler-utils installed");
        let text = String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "");
        for want in
            ["专业技术职称评审表", "450102199001010011", "13800000000", "<b>加粗</b>&𠀀龘\"引号\"", "单位负责人：李四"]
        {
            assert!(text.contains(want), "{want} missing from the text: {}", &text[..text.len().min(3000)]);
        }
        assert_eq!(text.matches("推荐意见正文。").count(), 700);
        let fonts_out = std::process::Command::new("pdffonts").arg(&file).output().unwrap();
        let listed = String::from_utf8_lossy(&fonts_out.stdout);
        assert!(listed.contains("NotoSerifCJK") && listed.contains("NotoSansCJK"), "{listed}");
        assert!(listed.lines().skip(2).all(|l| l.contains(" yes ")), "embedded and subset: {listed}");
        if std::env::var_os("KEEP_PDF").is_none() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

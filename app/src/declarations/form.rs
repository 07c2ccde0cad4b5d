//! The applicant-filled sections of each business and the unit's four
//! opinions, with the checks that must pass before 报送.

use super::{Business, Level};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// 学历情况
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EducationRow {
    pub start: String,
    pub end: String,
    pub school: String,
    pub major: String,
    /// One of `rules::EDUCATIONS`.
    pub education: String,
}

/// 主要经历
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExperienceRow {
    pub start: String,
    pub end: String,
    pub employer: String,
    pub position: String,
}

/// 继续教育
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingRow {
    pub year: String,
    pub content: String,
    pub hours: String,
}

/// 业绩成果 and 论文著作
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkRow {
    pub year: String,
    pub title: String,
    pub detail: String,
}

/// A year and its result (年度考核, and the unit's 考核结果 table).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct YearResult {
    pub year: String,
    pub result: String,
}

/// The title a 重新确认 or 证书遗失补办 is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OriginalTitle {
    pub title: String,
    pub series: String,
    /// YYYY-MM-DD
    pub date: String,
    pub authority: String,
    pub certificate_number: String,
    /// 证书遗失补办 of a certificate issued here: the applicant chose it from
    /// 我的证书 (the fields above are then copied from it).
    pub certificate: Option<uuid::Uuid>,
}

/// Everything the applicant fills, for all three businesses; each business
/// uses its own sections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationForm {
    // 基本信息
    /// 参加专业技术工作时间 (YYYY-MM)
    pub work_start: String,
    /// 现从事专业技术工作岗位
    pub current_post: String,
    // 职称认定
    pub education: Vec<EducationRow>,
    pub experience: Vec<ExperienceRow>,
    pub training: Vec<TrainingRow>,
    pub achievements: Vec<WorkRow>,
    pub papers: Vec<WorkRow>,
    pub appraisals: Vec<YearResult>,
    // 重新确认 and 证书遗失补办
    pub original: OriginalTitle,
    /// 重新确认: the reason (调入、转系列、非公转公有…).
    pub reason: String,
    /// 证书遗失补办: the 遗失声明 (where and when it was published).
    pub loss_statement: String,
}

/// 考核结果 values of the manual's table.
pub const RESULTS: [&str; 4] = ["优秀", "合格", "基本合格", "不合格"];

fn is_month(s: &str) -> bool {
    s.len() == 7
        && s.as_bytes()[4] == b'-'
        && s[..4].parse::<u32>().is_ok()
        && s[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y))
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

impl DeclarationForm {
    /// Checks the sections a business needs before 报送; `today` is
    /// YYYY-MM-DD. Returns every problem, each naming its section.
    pub fn check_for_submit(&self, business: Business, today: &str, attachments: usize) -> Vec<FieldError> {
        let mut e = Vec::new();
        let mut err = |f: &str, m: &str| e.push(FieldError::new(f, m));
        match business {
            Business::Recognition => {
                if !is_month(&self.work_start) || self.work_start.as_str() > &today[..7] {
                    err("work_start", "基本信息：请填写参加专业技术工作时间（年-月）");
                }
                if blank(&self.current_post) {
                    err("current_post", "基本信息：请填写现从事专业技术工作岗位");
                }
                if self.education.is_empty() {
                    err("education", "学历情况：至少填写一条学历");
                } else if self.education.iter().any(|r| {
                    !is_month(&r.start)
                        || !is_month(&r.end)
                        || r.start > r.end
                        || blank(&r.school)
                        || blank(&r.major)
                        || !super::rules::EDUCATIONS.contains(&r.education.as_str())
                }) {
                    err("education", "学历情况：每条学历须填写起止年月、学校、专业和学历");
                }
                if self.experience.is_empty() {
                    err("experience", "主要经历：至少填写一条经历");
                } else if self
                    .experience
                    .iter()
                    .any(|r| !is_month(&r.start) || blank(&r.employer) || blank(&r.position))
                {
                    err("experience", "主要经历：每条经历须填写起始年月、工作单位和职务岗位");
                }
                if self.training.iter().any(|r| !is_year(&r.year) || blank(&r.content)) {
                    err("training", "继续教育：每条须填写年度和内容");
                }
                if self.achievements.iter().chain(&self.papers).any(|r| blank(&r.title)) {
                    err("achievements", "业绩成果、论文著作：每条须填写名称");
                }
                if self.appraisals.is_empty() {
                    err("appraisals", "年度考核：至少填写一个年度的考核结果");
                } else if self.appraisals.iter().any(|r| !is_year(&r.year) || !RESULTS.contains(&r.result.as_str())) {
                    err("appraisals", "年度考核：每条须填写年度和考核结果");
                }
                if attachments == 0 {
                    err("attachments", "附件：请上传学历证书、任职证明等扫描件");
                }
            }
            Business::Reconfirmation | Business::Replacement => {
                let o = &self.original;
                if blank(&o.title) {
                    err("original.title", "请填写原职称名称");
                }
                if blank(&o.series) {
                    err("original.series", "请填写原职称系列");
                }
                if !is_date(&o.date) || o.date.as_str() > today {
                    err("original.date", "请填写原职称取得时间（年-月-日）");
                }
                if blank(&o.authority) {
                    err("original.authority", "请填写原发证（审批）机关");
                }
                if blank(&o.certificate_number) {
                    err("original.certificate_number", "请填写原证书编号");
                }
                if business == Business::Reconfirmation && blank(&self.reason) {
                    err("reason", "请填写重新确认的原因");
                }
                if business == Business::Replacement {
                    if blank(&self.loss_statement) {
                        err("loss_statement", "请填写遗失声明（刊登的报刊名称和日期）");
                    }
                    if attachments == 0 {
                        err("attachments", "附件：请上传遗失声明（如登报声明）的扫描件");
                    }
                }
            }
        }
        e
    }

    /// Size limits that hold for drafts too (nothing unbounded is stored).
    pub fn check_sizes(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        let rows = self.education.len()
            + self.experience.len()
            + self.training.len()
            + self.achievements.len()
            + self.papers.len()
            + self.appraisals.len();
        if rows > 200 {
            e.push(FieldError::new("", "填写的条目过多，请精简"));
        }
        let texts =
            [&self.current_post, &self.reason, &self.loss_statement, &self.original.title, &self.original.authority];
        if texts.iter().any(|t| too_long(t, 500)) {
            e.push(FieldError::new("", "单项内容不能超过500个字符"));
        }
        // What a 补发 certificate prints of its original: kept short.
        let o = &self.original;
        for (field, value, label) in [
            ("original.title", &o.title, "原职称名称"),
            ("original.series", &o.series, "原职称系列"),
            ("original.certificate_number", &o.certificate_number, "原证书编号"),
        ] {
            if too_long(value, 60) {
                e.push(FieldError::new(field, format!("{label}不能超过60个字符")));
            }
        }
        e
    }
}

/// 基层单位考核推荐意见
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recommendation {
    pub text: String,
}

/// 任职期满聘任职称考核结果: 《任现职以来年度及任职期满考核结果》
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Appraisal {
    pub rows: Vec<YearResult>,
    /// 任职期满考核结果
    pub term_result: String,
}

/// 公示情况
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Publicity {
    pub start: String,
    pub end: String,
    /// 无异议 or 有异议
    pub result: String,
    pub explanation: String,
}

/// 单位审议小组审议推荐意见 (not for 初级)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Committee {
    pub meeting_date: String,
    pub members: u32,
    pub votes_for: u32,
    pub votes_against: u32,
    pub votes_abstain: u32,
    pub opinion: String,
}

/// The unit-filled parts, each None until saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOpinions {
    pub recommendation: Option<Recommendation>,
    pub appraisal: Option<Appraisal>,
    pub publicity: Option<Publicity>,
    pub committee: Option<Committee>,
}

impl Recommendation {
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if blank(&self.text) {
            e.push(FieldError::new("recommendation", "请填写基层单位考核推荐意见"));
        } else if too_long(&self.text, 2000) {
            e.push(FieldError::new("recommendation", "基层单位考核推荐意见不能超过2000个字符"));
        }
        e
    }
}

impl Appraisal {
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if self.rows.is_empty() {
            e.push(FieldError::new("appraisal", "请至少填写一个年度的考核结果"));
        } else if self.rows.len() > 50
            || self.rows.iter().any(|r| !is_year(&r.year) || !RESULTS.contains(&r.result.as_str()))
        {
            e.push(FieldError::new(
                "appraisal",
                "每个年度须填写年度（如2025）和考核结果（优秀、合格、基本合格、不合格）",
            ));
        }
        if !RESULTS.contains(&self.term_result.as_str()) {
            e.push(FieldError::new("term_result", "请选择任职期满考核结果"));
        }
        e
    }
}

impl Publicity {
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if !is_date(&self.start) || !is_date(&self.end) {
            e.push(FieldError::new("publicity_period", "请填写公示起止日期"));
        } else if self.start > self.end {
            e.push(FieldError::new("publicity_period", "公示结束日期不能早于开始日期"));
        }
        match self.result.as_str() {
            "无异议" => {}
            "有异议" if blank(&self.explanation) => {
                e.push(FieldError::new("publicity_explanation", "公示有异议时，请说明异议情况及处理结果"))
            }
            "有异议" => {}
            _ => e.push(FieldError::new("publicity_result", "请选择公示结果：无异议或有异议")),
        }
        if too_long(&self.explanation, 1000) {
            e.push(FieldError::new("publicity_explanation", "说明不能超过1000个字符"));
        }
        e
    }
}

impl Committee {
    pub fn check(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if !is_date(&self.meeting_date) {
            e.push(FieldError::new("committee_date", "请填写审议会议日期"));
        }
        if self.members == 0 || self.members > 500 {
            e.push(FieldError::new("committee_members", "请填写出席审议的小组成员人数"));
        } else if self.votes_for + self.votes_against + self.votes_abstain > self.members {
            e.push(FieldError::new("committee_votes", "赞成、反对、弃权票数之和不能超过出席人数"));
        }
        if blank(&self.opinion) {
            e.push(FieldError::new("committee_opinion", "请填写审议推荐意见"));
        } else if too_long(&self.opinion, 2000) {
            e.push(FieldError::new("committee_opinion", "审议推荐意见不能超过2000个字符"));
        }
        e
    }
}

impl UnitOpinions {
    /// The opinions still missing before 审核报送, named as the page names them.
    pub fn missing(&self, level: Level) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.recommendation.is_none() {
            m.push("基层单位考核推荐意见");
        }
        if self.appraisal.is_none() {
            m.push("任职期满聘任职称考核结果");
        }
        if self.publicity.is_none() {
            m.push("公示情况");
        }
        if !level.is_junior() && self.committee.is_none() {
            m.push("单位审议小组审议推荐意见");
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-11-27";

    fn complete() -> DeclarationForm {
        DeclarationForm {
            work_start: "2020-07".into(),
            current_post: "软件开发".into(),
            education: vec![EducationRow {
                start: "2016-09".into(),
                end: "2020-06".into(),
                school: "广西大学".into(),
                major: "计算机".into(),
                education: "本科".into(),
            }],
            experience: vec![ExperienceRow {
                start: "2020-07".into(),
                end: "".into(),
                employer: "某公司".into(),
                position: "工程师".into(),
            }],
            appraisals: vec![YearResult { year: "2025".into(), result: "合格".into() }],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_recognition_passes() {
        assert!(complete().check_for_submit(Business::Recognition, TODAY, 1).is_empty());
    }

    #[test]
    fn missing_sections_are_named() {
        let f = DeclarationForm::default();
        let fields: Vec<_> = f.check_for_submit(Business::Recognition, TODAY, 0).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["work_start", "current_post", "education", "experience", "appraisals", "attachments"]);
    }

    #[test]
    fn replacement_needs_the_original_and_the_loss_statement() {
        let fields: Vec<_> = DeclarationForm::default()
            .check_for_submit(Business::Replacement, TODAY, 0)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "original.title",
                "original.series",
                "original.date",
                "original.authority",
                "original.certificate_number",
                "loss_statement",
                "attachments"
            ]
        );
        let reconfirm: Vec<_> = DeclarationForm::default()
            .check_for_submit(Business::Reconfirmation, TODAY, 0)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert!(reconfirm.contains(&"reason".to_string()) && !reconfirm.contains(&"attachments".to_string()));
    }

    #[test]
    fn opinions_check_their_fields() {
        assert_eq!(Recommendation::default().check()[0].field, "recommendation");
        let a = Appraisal {
            rows: vec![YearResult { year: "2025".into(), result: "优秀".into() }],
            term_result: "合格".into(),
        };
        assert!(a.check().is_empty());
        let p = Publicity {
            start: "2026-10-10".into(),
            end: "2026-10-01".into(),
            result: "有异议".into(),
            explanation: "".into(),
        };
        let fields: Vec<_> = p.check().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["publicity_period", "publicity_explanation"]);
        let c = Committee {
            meeting_date: "2026-10-20".into(),
            members: 5,
            votes_for: 4,
            votes_against: 1,
            votes_abstain: 1,
            opinion: "同意".into(),
        };
        assert_eq!(c.check()[0].field, "committee_votes");
    }

    #[test]
    fn junior_declarations_need_no_committee_opinion() {
        let o = UnitOpinions { recommendation: Some(Recommendation { text: "同意".into() }), ..Default::default() };
        assert_eq!(o.missing(Level::Junior), ["任职期满聘任职称考核结果", "公示情况"]);
        assert_eq!(
            o.missing(Level::Intermediate),
            ["任职期满聘任职称考核结果", "公示情况", "单位审议小组审议推荐意见"]
        );
    }
}

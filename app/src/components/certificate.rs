//! A certificate's status as 我的证书, the unit's 证书查询 and the public
//! verification show it: the badge (有效/补发 green, 作废 red) and what goes
//! with it (作废时间、原因、补发证书编号; a 补发's 原证书编号).

use crate::certificates::{CertificateRow, CertificateStatus, VerifiedCertificate};
use leptos::prelude::*;

/// The status and the numbers and dates that explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateState {
    pub status: CertificateStatus,
    pub voided_at: String,
    pub void_reason: String,
    pub replaces_number: String,
    pub replaced_by_number: String,
}

impl From<&CertificateRow> for CertificateState {
    fn from(c: &CertificateRow) -> Self {
        Self {
            status: c.status,
            voided_at: c.voided_at.clone(),
            void_reason: c.void_reason.clone(),
            replaces_number: c.replaces_number.clone(),
            replaced_by_number: c.replaced_by_number.clone(),
        }
    }
}

impl From<&VerifiedCertificate> for CertificateState {
    fn from(c: &VerifiedCertificate) -> Self {
        Self {
            status: c.status,
            voided_at: c.voided_at.clone(),
            void_reason: c.void_reason.clone(),
            replaces_number: c.replaces_number.clone(),
            replaced_by_number: c.replaced_by_number.clone(),
        }
    }
}

impl CertificateState {
    /// The explaining lines as (label, value), the empty ones left out.
    pub fn notes(&self) -> Vec<(&'static str, String)> {
        let lines = match self.status {
            CertificateStatus::Valid => vec![],
            CertificateStatus::Reissued => vec![("原证书编号", self.replaces_number.clone())],
            CertificateStatus::Void => vec![
                ("作废时间", self.voided_at.clone()),
                ("作废原因", self.void_reason.clone()),
                ("补发证书编号", self.replaced_by_number.clone()),
            ],
        };
        lines.into_iter().filter(|(_, v)| !v.is_empty()).collect()
    }
}

/// The status as a coloured badge.
///
/// ```ignore
/// view! { <CertificateBadge status=CertificateStatus::Valid/> }
/// ```
#[component]
pub fn CertificateBadge(status: CertificateStatus) -> impl IntoView {
    let tone = match status {
        CertificateStatus::Valid | CertificateStatus::Reissued => "green",
        CertificateStatus::Void => "red",
    };
    view! { <span class=format!("badge badge-{tone}") data-testid="certificate-status">{status.label()}</span> }
}

/// The badge with the lines that explain a 补发 or 作废 under it (a table cell's content).
///
/// ```ignore
/// view! { <td><CertificateStatusCell state=CertificateState::from(&row)/></td> }
/// ```
#[component]
pub fn CertificateStatusCell(state: CertificateState) -> impl IntoView {
    let notes = state.notes();
    view! {
        <CertificateBadge status=state.status/>
        {notes.into_iter().map(|(label, v)| view! { <span class="status-note">{format!("{label}：{v}")}</span> }).collect_view()}
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn state(status: CertificateStatus) -> CertificateState {
        CertificateState {
            status,
            voided_at: "2025-03-01 10:00".into(),
            void_reason: "证书遗失补办".into(),
            replaces_number: "桂职2024-0001".into(),
            replaced_by_number: String::new(),
        }
    }

    #[test]
    fn only_a_reissue_or_a_void_explains_itself_and_empty_lines_are_left_out() {
        assert!(state(CertificateStatus::Valid).notes().is_empty());
        assert_eq!(state(CertificateStatus::Reissued).notes(), vec![("原证书编号", "桂职2024-0001".to_string())]);
        let void = state(CertificateStatus::Void).notes();
        assert_eq!(void.iter().map(|(l, _)| *l).collect::<Vec<_>>(), ["作废时间", "作废原因"]);
    }

    #[test]
    fn a_void_certificate_is_a_red_badge_with_its_notes() {
        let owner = Owner::new();
        let out = owner
            .with(|| view! { <CertificateStatusCell state=state(CertificateStatus::Void)/> }.into_any().to_html())
            .replace("<!>", "");
        assert!(out.contains(r#"class="badge badge-red""#) && out.contains(">作废</span>"), "{out}");
        assert!(out.contains(r#"<span class="status-note">作废原因：证书遗失补办</span>"#), "{out}");
    }
}

//! 单位类型, 单位行业 and what the credit code tells about a unit.

use serde::{Deserialize, Serialize};

/// 单位类型, with the licence the manual asks each to upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    StateEnterprise,
    PrivateEnterprise,
    PublicInstitution,
    GovernmentOrgan,
    SocialOrganisation,
    PrivateNonEnterprise,
    Cooperative,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::StateEnterprise,
        UnitKind::PrivateEnterprise,
        UnitKind::PublicInstitution,
        UnitKind::GovernmentOrgan,
        UnitKind::SocialOrganisation,
        UnitKind::PrivateNonEnterprise,
        UnitKind::Cooperative,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::StateEnterprise => "国有企业",
            UnitKind::PrivateEnterprise => "非公企业",
            UnitKind::PublicInstitution => "事业单位",
            UnitKind::GovernmentOrgan => "机关",
            UnitKind::SocialOrganisation => "社团",
            UnitKind::PrivateNonEnterprise => "民办非企业单位",
            UnitKind::Cooperative => "合作社",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == s)
    }

    /// 营业执照类型 (the manual's 注意事项 2).
    pub fn licence(self) -> &'static str {
        match self {
            UnitKind::StateEnterprise | UnitKind::PrivateEnterprise => "《企业法人营业执照》",
            UnitKind::PublicInstitution => "《事业单位法人证书》",
            UnitKind::GovernmentOrgan => "政府或者编办发的批准成立文件",
            UnitKind::SocialOrganisation => "《社会团体法人登记证书》",
            UnitKind::PrivateNonEnterprise => "《民办非企业单位登记证书》",
            UnitKind::Cooperative => "《农民专业合作社法人营业执照》",
        }
    }

    /// What positions 1–2 of the 统一社会信用代码 suggest (GB 32100).
    /// Enterprises (91) may be state-owned or not: the unit chooses.
    pub fn suggested_by_credit_code(kind_code: &str) -> Option<(Self, &'static str)> {
        match kind_code {
            "11" => Some((UnitKind::GovernmentOrgan, "机关")),
            "12" => Some((UnitKind::PublicInstitution, "事业单位")),
            "51" => Some((UnitKind::SocialOrganisation, "社会团体")),
            "52" => Some((UnitKind::PrivateNonEnterprise, "民办非企业单位")),
            "91" => Some((UnitKind::PrivateEnterprise, "企业")),
            "93" => Some((UnitKind::Cooperative, "农民专业合作社")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_code_kinds_suggest_a_unit_type() {
        assert_eq!(UnitKind::suggested_by_credit_code("12").unwrap().0, UnitKind::PublicInstitution);
        assert_eq!(UnitKind::suggested_by_credit_code("91").unwrap().1, "企业");
        assert!(UnitKind::suggested_by_credit_code("99").is_none());
    }

    #[test]
    fn each_kind_names_its_licence() {
        assert_eq!(UnitKind::PublicInstitution.licence(), "《事业单位法人证书》");
        assert_eq!(UnitKind::from_label("合作社"), Some(UnitKind::Cooperative));
    }
}

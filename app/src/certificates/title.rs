//! 资格名称: what a certificate calls the title of a 系列 at a level, e.g.
//! 工程系列 中级 → 工程师; a 专业 may have its own (卫生系列 护理 中级 →
//! 主管护师). The names are a dictionary the administrator keeps
//! (字典管理); this only chooses among the enabled ones.

/// One enabled 资格名称: the 系列's (`specialty_id` None) or a 专业's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleName {
    pub series_id: i64,
    pub specialty_id: Option<i64>,
    /// `Level::code` (kept as text: certificates do not depend on declarations).
    pub level: String,
    pub name: String,
}

/// The 专业's own name at the level, else the 系列's.
pub fn qualification<'a>(names: &'a [TitleName], series_id: i64, specialty_id: i64, level: &str) -> Option<&'a str> {
    let at = |specialty: Option<i64>| {
        names.iter().find(|n| n.series_id == series_id && n.specialty_id == specialty && n.level == level)
    };
    at(Some(specialty_id)).or_else(|| at(None)).map(|n| n.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(series_id: i64, specialty_id: Option<i64>, level: &str, name: &str) -> TitleName {
        TitleName { series_id, specialty_id, level: level.into(), name: name.into() }
    }

    #[test]
    fn a_specialty_name_comes_before_its_series_name() {
        let names = [
            name(1, None, "intermediate", "工程师"),
            name(2, None, "intermediate", "主治医师"),
            name(2, Some(7), "intermediate", "主管护师"),
            name(2, Some(7), "assistant", "护师"),
        ];
        assert_eq!(qualification(&names, 1, 3, "intermediate"), Some("工程师"));
        assert_eq!(qualification(&names, 2, 7, "intermediate"), Some("主管护师"));
        assert_eq!(qualification(&names, 2, 8, "intermediate"), Some("主治医师"));
        assert_eq!(qualification(&names, 2, 7, "assistant"), Some("护师"));
        assert_eq!(qualification(&names, 1, 3, "junior"), None);
    }
}

//! 资格名称: what a certificate calls the title of a 系列 at a level, e.g.
//! 工程系列 中级 → 工程师. A dictionary in code until the administration
//! issue makes it editable.

/// Junior (员级), assistant (助理级) and intermediate (中级) names.
fn names(series: &str, specialty: &str) -> [&'static str; 3] {
    match series {
        "工程系列" => ["技术员", "助理工程师", "工程师"],
        "卫生系列" => match specialty {
            "护理" => ["护士", "护师", "主管护师"],
            "药学" => ["药士", "药师", "主管药师"],
            "医学技术" => ["技士", "技师", "主管技师"],
            "公共卫生" => ["医士", "医师", "主管医师"],
            _ => ["医士", "医师", "主治医师"],
        },
        "中小学教师系列" => ["三级教师", "二级教师", "一级教师"],
        "农业系列" => ["农业技术员", "助理农艺师", "农艺师"],
        "经济系列" => ["经济员", "助理经济师", "经济师"],
        "会计系列" => ["会计员", "助理会计师", "会计师"],
        "统计系列" => ["统计员", "助理统计师", "统计师"],
        "档案系列" | "图书资料系列" => ["管理员", "助理馆员", "馆员"],
        "群众文化系列" => ["群众文化管理员", "助理馆员", "馆员"],
        _ => ["员级", "助理级", "中级"],
    }
}

/// The 资格名称 for a level's position (0 员级, 1 助理级, 2 中级).
pub fn qualification(series: &str, specialty: &str, rank: usize) -> &'static str {
    names(series, specialty)[rank.min(2)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_series_and_the_level() {
        assert_eq!(qualification("工程系列", "机械工程", 2), "工程师");
        assert_eq!(qualification("会计系列", "会计", 1), "助理会计师");
        assert_eq!(qualification("卫生系列", "护理", 2), "主管护师");
        assert_eq!(qualification("卫生系列", "临床医学", 2), "主治医师");
        assert_eq!(qualification("中小学教师系列", "小学教师", 0), "三级教师");
        assert_eq!(qualification("未知系列", "x", 9), "中级");
    }
}

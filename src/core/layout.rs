//! Finding the layout of a form in its rows: title lines, header labels, table header rows and
//! the role of each column, category names. A small vocabulary drives all of it; every match is
//! made on the cell's compact text (whitespace removed, widths folded), so spaces that a PDF
//! viewer put inside words do not matter.

use super::model::Kind;
use super::text::{compact, Row};

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Level1,
    Level2,
    Name,
    Target,
    MidtermTarget,
    Nature,
    Unit,
    Weight,
    WeightCurrent,
    Direction,
    Actual,
    Degree,
    Score,
    Reason,
    Operator,
    Content,
    History,
}

/// Column names → roles. Matching is on compact text with `(%)` and similar removed.
const COLUMNS: &[(&str, Role)] = &[
    ("一级指标", Role::Level1),
    ("一级", Role::Level1),
    ("二级指标", Role::Level2),
    ("二级", Role::Level2),
    ("三级指标", Role::Name),
    ("三级", Role::Name),
    ("中长期指标值", Role::MidtermTarget),
    ("中期指标值", Role::MidtermTarget),
    ("本年度指标值", Role::Target),
    ("本年指标值", Role::Target),
    ("年度指标值", Role::Target),
    ("年度目标值", Role::Target),
    ("指标值", Role::Target),
    ("目标值", Role::Target),
    ("指标性质", Role::Nature),
    ("度量单位", Role::Unit),
    ("计量单位", Role::Unit),
    ("本年权重", Role::WeightCurrent),
    ("本权重", Role::WeightCurrent),
    ("权重", Role::Weight),
    ("分值", Role::Weight),
    ("指标方向性", Role::Direction),
    ("指标方向", Role::Direction),
    ("全年完成值", Role::Actual),
    ("实际完成值", Role::Actual),
    ("完成值", Role::Actual),
    ("全年实际值", Role::Actual),
    ("完成程度", Role::Degree),
    ("全年完成程度", Role::Degree),
    ("得分", Role::Score),
    ("未完成原因", Role::Reason),
    ("偏差原因", Role::Reason),
    ("运算符号", Role::Operator),
    ("内容", Role::Content),
    ("历史参考值", Role::History),
];

/// Header typos read anyway (reported as P004): (as written, as meant).
pub const HEADER_TYPOS: &[(&str, &str)] = &[("本权重", "本年权重")];

/// The role of a table header cell, if it names one.
pub fn column_role(cell: &str) -> Option<Role> {
    // Every column name starts with one of these (after spaces): a cheap first test.
    let first = cell.trim_start().chars().next()?;
    if cell.len() > 100 || !"一二三中本年指目度计权分全实完得未偏运内历".contains(first)
    {
        return None;
    }
    let c = compact(cell);
    let c = c
        .trim_end_matches("(%)")
        .trim_end_matches("（%）")
        .trim_end_matches('%');
    if c.is_empty() || c.chars().count() > 24 {
        return None;
    }
    if c.starts_with("未完成原因") || c.starts_with("偏差原因") {
        return Some(Role::Reason);
    }
    COLUMNS.iter().find(|(n, _)| c == *n).map(|(_, r)| *r)
}

/// A table header row: the columns it names, if it names at least three and one of them is a
/// level of the indicator tree.
pub fn header_roles(row: &Row) -> Option<Vec<(usize, Role)>> {
    // A header names a level of the tree (一级 / 二级 / 三级 …): a cheap first test.
    if row.filled_count() < 3 || !row.filled().any(|(_, c)| c.contains('级')) {
        return None;
    }
    let roles: Vec<(usize, Role)> = row
        .filled()
        .filter_map(|(i, c)| column_role(c).map(|r| (i, r)))
        .collect();
    let tree = roles
        .iter()
        .any(|(_, r)| matches!(r, Role::Level1 | Role::Level2 | Role::Name));
    if roles.len() < 3 || !tree {
        return None;
    }
    // Two value columns (指标值 beside 本年指标值): the plain one is the whole period's.
    let mut roles = roles;
    let targets = roles.iter().filter(|(_, r)| *r == Role::Target).count();
    if targets >= 2 {
        for (col, role) in roles.iter_mut() {
            let c = compact(row.cell(*col));
            if *role == Role::Target && !c.contains("本年") && !c.contains("年度") {
                *role = Role::MidtermTarget;
            }
        }
    }
    Some(roles)
}

/// The family a title line names, if the row is a title.
pub fn title_kind(row: &Row) -> Option<Kind> {
    if row.filled_count() != 1 {
        return None;
    }
    let cell = row.filled().next()?.1;
    if cell.len() > 200 || !cell.ends_with('表') {
        return None;
    }
    let c = compact(cell);
    if c.contains("申报表") {
        Some(Kind::TargetDeclaration)
    } else if c.contains("批复表") {
        Some(Kind::TargetApproval)
    } else if c.contains("自评表") {
        if c.contains("整体") {
            Some(Kind::DepartmentSelfEvaluation)
        } else {
            Some(Kind::ProjectSelfEvaluation)
        }
    } else if c.contains("绩效目标表") || c.contains("目标表") {
        Some(Kind::TargetTable)
    } else {
        None
    }
}

/// A header field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Project,
    Unit,
    Department,
    Total,
    Fiscal,
    Other,
    OtherPart,
    MidtermTotal,
    BudgetWeight,
    AnnualGoal,
    MidtermGoal,
    ProjectPeriod,
    /// A label the form carries that the report does not keep (经办人, 电话, 项目属性 …).
    Ignored,
}

/// Header labels → fields, longest first where one is a prefix of another.
const LABELS: &[(&str, Field)] = &[
    ("项目(政策)名称", Field::Project),
    ("项目(政策)", Field::Project),
    ("项目名称", Field::Project),
    ("预算项目", Field::Project),
    ("实施单位", Field::Unit),
    ("单位信息", Field::Unit),
    ("预算单位", Field::Unit),
    ("主管部门", Field::Department),
    ("部门(单位)名称", Field::Department),
    ("项目总额", Field::Total),
    ("年度资金总额", Field::Total),
    ("中期资金总额", Field::MidtermTotal),
    ("其中:财政资金", Field::Fiscal),
    ("其中:财政拨款", Field::Fiscal),
    ("财政拨款", Field::Fiscal),
    ("其他资金", Field::Other),
    ("财政专户管理资金", Field::OtherPart),
    ("单位资金", Field::OtherPart),
    ("社会投入资金", Field::OtherPart),
    ("银行贷款", Field::OtherPart),
    ("预算执行率权重", Field::BudgetWeight),
    ("年度总体目标", Field::AnnualGoal),
    ("年度绩效目标", Field::AnnualGoal),
    ("年度目标", Field::AnnualGoal),
    ("绩效目标", Field::AnnualGoal),
    ("总体目标", Field::MidtermGoal),
    ("项目期", Field::ProjectPeriod),
    ("实施期", Field::ProjectPeriod),
    ("项目经办人电话", Field::Ignored),
    ("项目经办人", Field::Ignored),
    ("经办人", Field::Ignored),
    ("联系电话", Field::Ignored),
    ("职能职责与活动", Field::Ignored),
    ("项目属性", Field::Ignored),
    ("填报单位(盖章)", Field::Ignored),
    ("填报单位", Field::Ignored),
    ("项目资金(万元)", Field::Ignored),
    ("名称", Field::Ignored),
    ("分解目标评价", Field::Ignored),
    ("部门(单位)财政供养人员数量", Field::Ignored),
    ("部门(单位)", Field::Ignored),
    ("财政供养人员数量", Field::Ignored),
    ("所属单位数量(仅部门填列)", Field::Ignored),
];

/// Matches a header label at the start of a cell. Returns the field and the number of
/// non-whitespace characters the label (and its colon) takes, so the caller can cut it off.
/// A label must be the whole cell or be followed by a colon: `项目名称` and `项目名称：X` match,
/// `项目名称说明` does not.
pub fn match_label(cell: &str) -> Option<(Field, usize)> {
    // Every label starts with one of these: a cheap first test.
    let first = cell.trim_start().chars().next()?;
    if !"项实单预主部年中其财社银绩总名分所填职经联".contains(first) {
        return None;
    }
    let c = compact(cell);
    let mut best: Option<(Field, usize)> = None;
    for (label, field) in LABELS {
        if let Some(rest) = c.strip_prefix(label) {
            let n = label.chars().count();
            let taken = if rest.is_empty() {
                n
            } else if rest.starts_with(':') {
                n + 1
            } else {
                continue;
            };
            if best.is_none_or(|(_, t)| taken > t) {
                best = Some((*field, taken));
            }
        }
    }
    best
}

/// The standard 一级指标 a cell names (with variants, short forms and known garbles).
pub fn level1_name(cell: &str) -> Option<&'static str> {
    if cell.len() > MAX_CATEGORY_BYTES {
        return None;
    }
    level1_key(&compact(cell))
}

/// [`level1_name`] of a compact key.
fn level1_key(c: &str) -> Option<&'static str> {
    level1_exact(c).or_else(|| nearest(c, LEVEL1_NAMES).and_then(level1_exact))
}

/// The standard 一级 names, for [`nearest`].
const LEVEL1_NAMES: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];

/// The standard 二级 names, for [`nearest`].
const LEVEL2_NAMES: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];

/// The one standard name within one edit of a garbled category name that ends in 标
/// (`社会效益值标` → 社会效益指标); none when two are as near.
fn nearest(c: &str, names: &[&'static str]) -> Option<&'static str> {
    if !c.ends_with('标') {
        return None;
    }
    let n = c.chars().count();
    if !(4..=10).contains(&n) {
        return None;
    }
    let mut found = None;
    for name in names {
        if within_one_edit(c, n, name) {
            if found.is_some() {
                return None;
            }
            found = Some(*name);
        }
    }
    found
}

/// True when `a` (of `na` characters) and `b` differ by at most one substitution, insertion or
/// deletion.
fn within_one_edit(a: &str, na: usize, b: &str) -> bool {
    let nb = b.chars().count();
    if na.abs_diff(nb) > 1 {
        return false;
    }
    let (long, short) = if na >= nb { (a, b) } else { (b, a) };
    let (l, mut s) = (long.chars(), short.chars().peekable());
    let mut edits = 0;
    for x in l {
        match s.peek() {
            Some(&y) if y == x => {
                s.next();
            }
            _ => {
                edits += 1;
                if edits > 1 {
                    return false;
                }
                if na == nb {
                    s.next();
                }
            }
        }
    }
    edits + s.count() <= 1
}

fn level1_exact(c: &str) -> Option<&'static str> {
    Some(match c {
        "产出指标" | "产出" | "项目完成" | "项目完成指标" => "产出指标",
        "效益指标" | "效益" | "项目效益" | "项目效益指标" => "效益指标",
        "满意度指标" | "满意度" => "满意度指标",
        "成本指标" => "成本指标",
        _ => return None,
    })
}

/// The standard 二级指标 a cell names, and the 一级 it belongs under.
pub fn level2_name(cell: &str) -> Option<(&'static str, &'static str)> {
    if cell.len() > MAX_CATEGORY_BYTES {
        return None;
    }
    level2_key(&compact(cell))
}

/// [`level2_name`] of a compact key.
fn level2_key(c: &str) -> Option<(&'static str, &'static str)> {
    level2_exact(c).or_else(|| nearest(c, LEVEL2_NAMES).and_then(level2_exact))
}

fn level2_exact(c: &str) -> Option<(&'static str, &'static str)> {
    Some(match c {
        "数量指标" | "数量" => ("数量指标", "产出指标"),
        "质量指标" | "质量" => ("质量指标", "产出指标"),
        "时效指标" | "时效" => ("时效指标", "产出指标"),
        "成本指标" | "成本" => ("成本指标", "产出指标"),
        "经济效益指标" | "经济效益" | "经济双星指标" => {
            ("经济效益指标", "效益指标")
        }
        "社会效益指标" | "社会效益" => ("社会效益指标", "效益指标"),
        "生态效益指标" | "生态效益" | "生态双血指标" => {
            ("生态效益指标", "效益指标")
        }
        "可持续影响指标" | "可持续影响" | "可持续发展指标" | "可持续性影响指标" => {
            ("可持续影响指标", "效益指标")
        }
        "服务对象满意度指标" | "服务对象满意度" => {
            ("服务对象满意度指标", "满意度指标")
        }
        "经济成本指标" => ("经济成本指标", "成本指标"),
        "社会成本指标" => ("社会成本指标", "成本指标"),
        "生态环境成本指标" => ("生态环境成本指标", "成本指标"),
        _ => return None,
    })
}

/// The longest a category cell can be, spaces included (a cheap first test).
const MAX_CATEGORY_BYTES: usize = 48;

/// A category cell: the standard 一级 it names, or a 二级 with the 一级 it belongs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Level1(&'static str),
    Level2(&'static str, &'static str),
}

/// 一级 of department (整体) self-evaluations.
const DEPT_LEVEL1: &[&str] = &["履职效能", "管理效率", "运行成本", "社会效应", "可持续性"];

/// 二级 of department self-evaluations, with their 一级.
const DEPT_LEVEL2: &[(&str, &str)] = &[
    ("重点工作履行情况", "履职效能"),
    ("整体工作完成情况", "履职效能"),
    ("基础管理", "管理效率"),
    ("预算执行效率", "管理效率"),
    ("预算编制管理", "管理效率"),
    ("预算监督管理", "管理效率"),
    ("预算收支管理", "管理效率"),
    ("财务管理", "管理效率"),
    ("资产管理", "管理效率"),
    ("业务管理", "管理效率"),
    ("成本控制成效", "运行成本"),
    ("政治效益", "社会效应"),
    ("社会效益", "社会效应"),
    ("经济效益", "社会效应"),
    ("生态效益", "社会效应"),
    ("服务对象满意度", "社会效应"),
    ("体制改革", "可持续性"),
    ("创新驱动发展", "可持续性"),
];

/// What a cell names as a category in a form of `kind`. In project forms `成本指标` is a 二级
/// under 产出指标 unless the row names one of the 成本 二级 (经济成本指标 …) beside it.
pub fn category(cell: &str, kind: Kind, row_has_cost_level2: bool) -> Option<Category> {
    if cell.len() > MAX_CATEGORY_BYTES {
        return None;
    }
    let c = compact(cell);
    let c = match stated_points(&c) {
        Some((base, _)) => std::borrow::Cow::Owned(base.to_string()),
        None => c,
    };
    if kind == Kind::DepartmentSelfEvaluation {
        let bare = c.strip_suffix("指标").unwrap_or(&c);
        if let Some(l1) = DEPT_LEVEL1.iter().find(|l| **l == bare) {
            return Some(Category::Level1(l1));
        }
        if let Some((l2, l1)) = DEPT_LEVEL2.iter().find(|(l, _)| *l == bare) {
            return Some(Category::Level2(l2, l1));
        }
    }
    if c == "成本指标" && !row_has_cost_level2 {
        return Some(Category::Level2("成本指标", "产出指标"));
    }
    level1_exact(&c)
        .map(Category::Level1)
        .or_else(|| level2_exact(&c).map(|(l2, l1)| Category::Level2(l2, l1)))
        .or_else(|| level1_key(&c).map(Category::Level1))
        .or_else(|| level2_key(&c).map(|(l2, l1)| Category::Level2(l2, l1)))
}

/// A category cell that states its points: `产出指标(50分)` → (`产出指标`, 50).
pub fn stated_points(cell: &str) -> Option<(&str, f64)> {
    let c = cell.trim();
    let inner = c.strip_suffix("分)").or_else(|| c.strip_suffix("分）"))?;
    let open = inner.rfind(['(', '（'])?;
    let base = &inner[..open];
    let n: f64 = inner[open..]
        .trim_start_matches(['(', '（'])
        .trim()
        .parse()
        .ok()?;
    (!base.is_empty()).then_some((base, n))
}

/// Which score a score line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreLabel {
    /// 自评得分小计 (C)
    Subtotal,
    /// 预算执行率得分 (D)
    Budget,
    /// 总得分 (C+D), 总评价得分
    Total,
    /// `(C)`, `(D)`: the rest of a label wrapped onto the next line
    Marker,
}

/// The score a cell labels, if it is a score label.
pub fn score_label(cell: &str) -> Option<ScoreLabel> {
    // Every score label says 分 or is a bracketed letter.
    if !cell.contains('分') && !cell.contains('(') && !cell.contains('（') {
        return None;
    }
    if cell.contains('分') && !cell.contains("得") && !cell.contains('总') && !cell.contains(' ')
    {
        return None;
    }
    let c = compact(cell);
    if c.contains("预算执行率得分") {
        Some(ScoreLabel::Budget)
    } else if c.contains("小计") && (c.contains("得分") || c.contains("自评")) {
        Some(ScoreLabel::Subtotal)
    } else if c.contains("总得分") || c.contains("总评价得分") || c == "总分" || c == "自评总分"
    {
        Some(ScoreLabel::Total)
    } else if matches!(&*c, "(C)" | "(D)" | "(C+D)") {
        Some(ScoreLabel::Marker)
    } else {
        None
    }
}

/// Words that stand in the second and third rows of a self-evaluation's table header.
pub fn is_header_word(cell: &str) -> bool {
    let c = compact(cell);
    column_role(cell).is_some()
        || c.contains("请在相应选项")
        || matches!(
            &*c,
            "经费保障"
                | "制度保障"
                | "人员保障"
                | "硬件条件保障"
                | "其他"
                | "原因说明"
                | "原因"
                | "目标值"
                | "完成值"
                | "符号"
                | "运算"
                | "预算数"
                | "年初"
                | "(分值*B/A)"
                | "改进措施"
                | "指标"
                | "一级"
                | "二级"
                | "三级"
                | "年度"
                | "全年"
                | "措施"
        )
}

/// True when a cell is a template placeholder rather than content: `指标1`, `指标2`, `.....`,
/// a bare list of operators.
pub fn is_placeholder(cell: &str) -> bool {
    let c = compact(cell);
    if c.is_empty() {
        return true;
    }
    if let Some(rest) = c.strip_prefix("指标") {
        if !rest.is_empty()
            && rest
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch == '指' || ch == '标')
        {
            return true;
        }
    }
    c.chars().all(|ch| {
        matches!(
            ch,
            '.' | '。' | '…' | '“' | '”' | '"' | '=' | '≤' | '≥' | '<' | '>' | '-' | '—' | '*'
        )
    })
}

/// True when a cell is the table's own merged label (`绩效指标`, split by a page as `绩效` and
/// `指标`) standing in a data row: it belongs to no indicator.
pub fn is_table_label(cell: &str) -> bool {
    if cell.len() > 16 {
        return false;
    }
    matches!(&*compact(cell), "绩效指标" | "绩效" | "指标" | "名称")
}

/// Removes a template prefix such as `指标1：` from an indicator name.
pub fn strip_placeholder_prefix(name: &str) -> &str {
    let t = name.trim();
    if let Some(rest) = t.strip_prefix("指标") {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < rest.len() {
            if let Some(after) = digits
                .strip_prefix(':')
                .or_else(|| digits.strip_prefix('：'))
            {
                return after.trim();
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::rows;

    #[test]
    fn header_roles_of_the_target_table() {
        let r = &rows("一级指标\t二级指标\t三级指标\t指标性质\t历史参考值\t指标值\t本年指标值\t度量单位\t权重(%)\t本权重(%)\t指标方向性")[0];
        let roles: Vec<Role> = header_roles(r)
            .unwrap()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(
            roles,
            vec![
                Role::Level1,
                Role::Level2,
                Role::Name,
                Role::Nature,
                Role::History,
                Role::MidtermTarget,
                Role::Target,
                Role::Unit,
                Role::Weight,
                Role::WeightCurrent,
                Role::Direction
            ]
        );
    }

    #[test]
    fn labels_need_a_colon_or_the_whole_cell() {
        assert_eq!(match_label("项目总额：170万元"), Some((Field::Total, 5)));
        assert_eq!(
            match_label("其中：财政资金：170万元"),
            Some((Field::Fiscal, 8))
        );
        assert_eq!(match_label("项目名称"), Some((Field::Project, 4)));
        assert_eq!(match_label("项目名称说明"), None);
        assert_eq!(match_label("项目经办人电话：1"), Some((Field::Ignored, 8)));
    }

    #[test]
    fn categories_with_garbles() {
        assert_eq!(
            level2_name("生态双血 指标"),
            Some(("生态效益指标", "效益指标"))
        );
        assert_eq!(level2_name("满意度指 标"), None);
        assert_eq!(level1_name("满意度指 标"), Some("满意度指标"));
    }

    #[test]
    fn garbled_categories_take_the_one_nearest_name() {
        assert_eq!(
            level2_name("社会效益值标"),
            Some(("社会效益指标", "效益指标"))
        );
        assert_eq!(
            level2_name("可持续影向指标"),
            Some(("可持续影响指标", "效益指标"))
        );
        assert_eq!(level1_name("满意渡指标"), Some("满意度指标"));
        // 数量 and 质量 are both one edit from 重量指标: no guess.
        assert_eq!(level2_name("重量指标"), None);
        // An indicator name is not a category.
        assert_eq!(level2_name("医疗机构满意度"), None);
    }

    #[test]
    fn categories_that_state_their_points() {
        assert_eq!(stated_points("产出指标(50分)"), Some(("产出指标", 50.0)));
        assert_eq!(stated_points("产出指标"), None);
        assert_eq!(
            category("产出指标(50分)", Kind::TargetTable, false),
            Some(Category::Level1("产出指标"))
        );
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("指标1"));
        assert!(is_placeholder("指标1 指标2"));
        assert!(is_placeholder("....."));
        assert!(is_placeholder("“=” “ ≤” “≥ ” “<” “>”"));
        assert!(!is_placeholder("指标值达成"));
        assert_eq!(strip_placeholder_prefix("指标1：档案完整率"), "档案完整率");
    }
}

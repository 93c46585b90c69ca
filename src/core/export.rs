//! Export: the report as JSON, its findings as CSV, and each form as tab-separated text in its
//! family's own layout, which pastes back into Excel and which the parser reads back to the same
//! form.

use super::diagnostic::Diagnostic;
use super::model::{Direction, Form, Indicator, Kind, Period, Report};

/// The report as pretty JSON (the contract's shape).
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

/// The report's findings as CSV for Excel: UTF-8 with a byte-order mark first (so Excel does
/// not take the file for the local code page), CRLF line ends and RFC 4180 quoting (a cell
/// holding `,`, `"`, CR or LF is quoted, its quotes doubled).
///
/// One header row (Chinese, or English when `lang_en`), then one row per diagnostic in the
/// report's order: form number (1-based), the form's project (else its title), code, severity,
/// the indicator's name, field, lines (`12` or `12–14`), message (`message_en` in English, the
/// Chinese message where no English one was written) and help.
///
/// Cells are guarded against formula injection: any cell whose first character is `=`, `+`,
/// `-`, `@`, a tab or a CR gets a leading `'`, so that a spreadsheet shows it as text instead of
/// evaluating it. This holds for a negative number such as `-5` too: every cell of this export
/// is text to be read, not a figure to be summed, and one rule without exceptions cannot be
/// outwitted by a cell that only looks like a number.
pub fn diagnostics_to_csv(report: &Report, lang_en: bool) -> String {
    let mut out = String::from("\u{FEFF}");
    csv_row(&mut out, &diagnostics_header(lang_en));
    for d in &report.diagnostics {
        diagnostic_csv_row(&mut out, None, report, d, lang_en);
    }
    out
}

/// The header of [`diagnostics_to_csv`]: Chinese, or English when `lang_en`.
pub(crate) fn diagnostics_header(lang_en: bool) -> [&'static str; 9] {
    if lang_en {
        [
            "form",
            "project",
            "code",
            "severity",
            "indicator",
            "field",
            "lines",
            "message",
            "help",
        ]
    } else {
        [
            "表序号",
            "表名/项目",
            "代码",
            "级别",
            "指标",
            "字段",
            "行",
            "说明",
            "建议",
        ]
    }
}

/// Appends the CSV record of one diagnostic of `report`, in the columns of
/// [`diagnostics_header`], behind a `lead` cell when one is given (the file, for the desk).
pub(crate) fn diagnostic_csv_row(
    out: &mut String,
    lead: Option<&str>,
    report: &Report,
    d: &Diagnostic,
    lang_en: bool,
) {
    let form = report.forms.get(d.form);
    let project = form
        .and_then(|f| f.project.as_deref().or(f.title.as_deref()))
        .unwrap_or("");
    let indicator = form
        .zip(d.indicator)
        .and_then(|(f, i)| f.indicators.get(i))
        .map(|i| i.name.as_str())
        .unwrap_or("");
    let severity = if lang_en {
        d.severity.as_str()
    } else {
        d.severity.zh()
    };
    let lines = if d.lines[1] > d.lines[0] {
        format!("{}–{}", d.lines[0], d.lines[1])
    } else {
        d.lines[0].to_string()
    };
    let message = if lang_en && !d.message_en.is_empty() {
        &d.message_en
    } else {
        &d.message
    };
    let number = (d.form + 1).to_string();
    let mut cells: Vec<&str> = Vec::with_capacity(10);
    cells.extend(lead);
    cells.extend([
        number.as_str(),
        project,
        &d.code,
        severity,
        indicator,
        d.field.as_deref().unwrap_or(""),
        &lines,
        message,
        d.help.as_deref().unwrap_or(""),
    ]);
    csv_row(out, &cells);
}

/// Appends one CSV record and its CRLF.
pub(crate) fn csv_row(out: &mut String, cells: &[&str]) {
    for (k, cell) in cells.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        csv_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// Appends one CSV cell: guarded against formula injection, then quoted where RFC 4180 needs it.
pub(crate) fn csv_cell(out: &mut String, cell: &str) {
    let guard = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = cell.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// A figure as a form writes it: no trailing zeros (`170`, `19.76`).
pub fn fmt_num(n: f64) -> String {
    let s = format!("{:.4}", n);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn opt(n: Option<f64>) -> String {
    n.map(fmt_num).unwrap_or_default()
}

fn text(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// Every form of the report as tab-separated text, one after the other.
pub fn report_to_tsv(report: &Report) -> String {
    let parts: Vec<String> = report.forms.iter().map(form_to_tsv).collect();
    parts.join("\n\n")
}

/// One form as tab-separated text in its family's layout.
pub fn form_to_tsv(form: &Form) -> String {
    let mut out = Vec::<String>::new();
    match form.kind {
        Kind::TargetTable => target_table(form, &mut out),
        Kind::TargetApproval => target_approval(form, &mut out),
        Kind::TargetDeclaration => target_declaration(form, &mut out),
        Kind::ProjectSelfEvaluation => project_self_evaluation(form, &mut out),
        Kind::DepartmentSelfEvaluation => department_self_evaluation(form, &mut out),
        Kind::Fragment => evaluation_rows(form, &mut out),
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Category cells written once per group, blank below (merged cells), as forms do.
fn merged(inds: &[Indicator], k: usize) -> (&str, &str) {
    let ind = &inds[k];
    let prev = k.checked_sub(1).map(|p| &inds[p]);
    let l1 = if prev.is_some_and(|p| p.level1 == ind.level1) {
        ""
    } else {
        ind.level1.as_str()
    };
    let l2 = if prev.is_some_and(|p| p.level1 == ind.level1 && p.level2 == ind.level2) {
        ""
    } else {
        ind.level2.as_deref().unwrap_or("")
    };
    (l1, l2)
}

fn annual_goals(form: &Form) -> impl Iterator<Item = &super::model::Goal> {
    form.goals.iter().filter(|g| g.period == Period::Annual)
}

fn target_table(form: &Form, out: &mut Vec<String>) {
    out.push(text(&form.title).to_string());
    out.push(String::new());
    out.push(format!("单位信息：{}", text(&form.unit)));
    out.push(String::new());
    let project = match &form.project_code {
        Some(code) => format!("{code}-{}", text(&form.project)),
        None => text(&form.project).to_string(),
    };
    out.push(format!("预算项目：{project}"));
    out.push(String::new());
    out.push(format!("主管部门：{}", text(&form.department)));
    out.push(String::new());
    out.push(format!("项目总额：{}万元", opt(form.funds.total)));
    out.push(String::new());
    if let Some(w) = form.budget_weight {
        out.push(format!("预算执行率权重：{}", fmt_num(w)));
        out.push(String::new());
    }
    out.push(format!("其中：财政资金：{}万元", opt(form.funds.fiscal)));
    out.push(String::new());
    for (k, g) in annual_goals(form).enumerate() {
        let label = if k == 0 {
            "年度目标"
        } else {
            "绩效目标"
        };
        out.push(format!("{label}：{}", g.text));
        out.push(String::new());
    }
    out.push(
        "一级指标\t二级指标\t三级指标\t指标性质\t历史参考值\t指标值\t本年指标值\t度量单位\t权重(%)\t本年权重(%)\t指标方向性"
            .to_string(),
    );
    for ind in &form.indicators {
        let nature = if ind.value.qualitative {
            "定性".to_string()
        } else {
            ind.value
                .op
                .map(|o| o.symbol().to_string())
                .unwrap_or_default()
        };
        let direction = match ind.direction {
            Some(Direction::Positive) => "正向指标",
            Some(Direction::Negative) => "反向指标",
            None => "",
        };
        out.push(
            [
                ind.level1.as_str(),
                ind.level2.as_deref().unwrap_or(""),
                &ind.name,
                &nature,
                "",
                text(&ind.midterm_target),
                text(&ind.target),
                if ind.value.qualitative {
                    ""
                } else {
                    ind.value.unit.as_deref().unwrap_or("")
                },
                &opt(ind.weight),
                &opt(ind.weight_current),
                direction,
            ]
            .join("\t"),
        );
    }
}

fn target_approval(form: &Form, out: &mut Vec<String>) {
    out.push(text(&form.title).to_string());
    out.push(String::new());
    if let Some(y) = form.year {
        out.push(format!("({y}年度)"));
        out.push(String::new());
    }
    out.push(format!("项目名称\t{}\t\t\t", text(&form.project)));
    out.push(format!(
        "主管部门\t{}\t实施单位\t{}\t",
        text(&form.department),
        text(&form.unit)
    ));
    out.push("项目属性\t新增一次性项目\t\t\t".to_string());
    out.push(format!(
        "项目资金 (万元)\t年度资金总额:\t{}\t\t",
        opt(form.funds.total)
    ));
    out.push(format!("\t其中:财政拨款\t{}\t\t", opt(form.funds.fiscal)));
    out.push(format!("\t其他资金\t{}\t\t", opt(form.funds.other)));
    for g in annual_goals(form) {
        out.push(format!("年度总体目标\t{}\t\t\t", g.text));
    }
    out.push("名称\t一级指标\t二级指标\t三级指标\t指标值".to_string());
    for (k, ind) in form.indicators.iter().enumerate() {
        let (l1, l2) = merged(&form.indicators, k);
        let lead = if k == 0 { "绩效指标" } else { "" };
        out.push(format!(
            "{lead}\t{l1}\t{l2}\t{}\t{}",
            ind.name,
            text(&ind.target)
        ));
    }
}

fn target_declaration(form: &Form, out: &mut Vec<String>) {
    out.push(text(&form.title).to_string());
    out.push(String::new());
    if let Some(y) = form.year {
        out.push(format!("( {y} 年度)"));
        out.push(String::new());
    }
    out.push("填报单位(盖章)".to_string());
    out.push(String::new());
    out.push(format!("项目名称\t\t{}\t\t\t\t\t", text(&form.project)));
    out.push(format!("实施单位\t\t{}\t\t\t\t\t", text(&form.unit)));
    out.push(format!("主管部门\t\t{}\t\t\t\t\t", text(&form.department)));
    out.push(format!(
        "项目资金(万元)\t中期资金总额:\t{}\t\t年度资金总额:\t{}\t\t",
        opt(form.funds.midterm_total),
        opt(form.funds.total)
    ));
    out.push(format!(
        "\t其中:财政拨款\t{}\t\t其中:财政拨款\t{}\t\t",
        opt(form.funds.midterm_total),
        opt(form.funds.fiscal)
    ));
    out.push(format!(
        "\t其他资金\t\t\t其他资金\t{}\t\t",
        opt(form.funds.other)
    ));
    let mid = form.goals.iter().find(|g| g.period == Period::Midterm);
    let annual = annual_goals(form).next();
    if mid.is_some() || annual.is_some() {
        let y = form.year.unwrap_or(2021);
        out.push(format!("总体目标\t{y}-{}\t\t\t年度目标\t\t\t", y + 2));
        out.push(format!(
            "\t{}\t\t\t{}\t\t\t",
            mid.map(|g| g.text.as_str()).unwrap_or(""),
            annual.map(|g| g.text.as_str()).unwrap_or("")
        ));
    }
    out.push(
        "绩效指标\t一级指标\t二级指标\t三级指标\t中长期指标值\t二级指标\t三级指标\t本年度指标值"
            .to_string(),
    );
    for (k, ind) in form.indicators.iter().enumerate() {
        let (l1, l2) = merged(&form.indicators, k);
        out.push(format!(
            "\t{l1}\t{l2}\t{}\t{}\t{l2}\t{}\t{}",
            ind.name,
            text(&ind.midterm_target),
            ind.name,
            text(&ind.target)
        ));
    }
}

fn goal_rows(form: &Form, out: &mut Vec<String>, label: &str) {
    out.push(format!(
        "{label}\t\t年初设定目标\t\t\t\t\t\t全年实际完成情况"
    ));
    for g in annual_goals(form) {
        out.push(format!("\t\t{}\t\t\t\t\t\t{}", g.text, text(&g.achieved)));
    }
}

fn project_self_evaluation(form: &Form, out: &mut Vec<String>) {
    out.push(text(&form.title).to_string());
    out.push(String::new());
    out.push(format!("项目(政策)名称\t\t{}", text(&form.project)));
    out.push(format!("主管部门\t\t{}", text(&form.department)));
    out.push(format!(
        "实施单位\t\t{}\t\t\t\t实施期\t\t",
        text(&form.unit)
    ));
    out.push(
        "项目预算资金\t\t\t年初预算数\t全年预算数(A)\t\t全年执行数(B)\t\t分值\t执行率(B/A)\t\t得分"
            .to_string(),
    );
    let s = form.scores.clone().unwrap_or_default();
    out.push(format!(
        "\t\t年度预算资金总额:\t{}\t{}\t\t{}\t\t{}\t{}\t\t{}",
        opt(form.funds.initial),
        opt(form.funds.total),
        opt(form.funds.executed),
        opt(s.budget_points),
        s.execution_rate
            .stated
            .map(|r| format!("{}%", fmt_num(r * 100.0)))
            .unwrap_or_default(),
        opt(s.budget_score.stated)
    ));
    out.push(format!(
        "\t\t其中:财政拨款收入\t{}\t{}\t\t—\t\t—\t—\t\t—",
        opt(form.funds.fiscal),
        opt(form.funds.fiscal)
    ));
    goal_rows(form, out, "年度总体目标");
    if names_stand_in_content(form) {
        out.push("一级指标\t二级指标\t三级指标\t年度指标值\t\t\t全年完成值\t完成程度\t分值\t得分\t未完成原因".to_string());
        out.push("\t\t\t运算符号\t内容\t度量单位".to_string());
        evaluation_rows(form, out);
    } else {
        named_evaluation_rows(form, out);
    }
}

/// True where every indicator's target begins with its name: the template whose 内容 cell
/// both names the indicator and states its target (`指标N` in the 三级指标 column).
fn names_stand_in_content(form: &Form) -> bool {
    form.indicators
        .iter()
        .all(|i| text(&i.target).starts_with(i.name.as_str()))
}

/// A self-evaluation whose indicators are named apart from their targets: one header row,
/// the name in 三级指标 and the target in 年度指标值.
fn named_evaluation_rows(form: &Form, out: &mut Vec<String>) {
    out.push(
        "一级指标\t二级指标\t三级指标\t年度指标值\t全年完成值\t分值\t得分\t偏差原因".to_string(),
    );
    for (k, ind) in form.indicators.iter().enumerate() {
        let (l1, l2) = merged(&form.indicators, k);
        out.push(format!(
            "{l1}\t{l2}\t{}\t{}\t{}\t{}\t{}\t{}",
            ind.name,
            text(&ind.target),
            text(&ind.actual),
            opt(ind.weight),
            opt(ind.score),
            text(&ind.reason)
        ));
    }
    if let Some(s) = &form.scores {
        if let Some(c) = s.indicator_score.stated {
            out.push(format!(
                "产出、效益、满意度指标自评得分小计 (C)\t\t\t\t\t\t{}",
                fmt_num(c)
            ));
        }
        if let Some(t) = s.total.stated {
            out.push(format!("绩效自评总得分 (C+D)\t\t\t\t\t\t{}", fmt_num(t)));
        }
    }
}

fn department_self_evaluation(form: &Form, out: &mut Vec<String>) {
    out.push(text(&form.title).to_string());
    out.push(String::new());
    out.push(format!("部门(单位)名称\t\t{}", text(&form.department)));
    out.push(
        "年度部门(单位)整体收支情况(万元)\t名称\t年初预算数\t全年预算数\t全年执行数\t执行率"
            .to_string(),
    );
    out.push(format!(
        "\t年度部门预算收入小计(1至7项)\t{}\t{}\t—",
        opt(form.funds.initial),
        opt(form.funds.total)
    ));
    out.push(format!(
        "\t1. 财政拨款收入\t{}\t{}\t—",
        opt(form.funds.fiscal),
        opt(form.funds.fiscal)
    ));
    out.push(format!(
        "\t年度部门预算支出小计(一+二)\t{}\t{}\t{}",
        opt(form.funds.initial),
        opt(form.funds.total),
        opt(form.funds.executed)
    ));
    goal_rows(form, out, "年度绩效目标");
    if names_stand_in_content(form) {
        out.push(
            "一级指标\t二级指标\t三级指标\t年度指标值\t\t\t全年完成程度\t分值\t得分\t未完成原因"
                .to_string(),
        );
        out.push("\t\t\t运算符号\t内容\t度量单位".to_string());
        evaluation_rows(form, out);
    } else {
        named_evaluation_rows(form, out);
    }
}

/// The 内容 and 度量单位 cells of a self-evaluation row. The reader names such a row by its
/// content and reads the target as content and unit together, so a target that is the name
/// followed by more (`…落实到位率。` + `%`) is written as the name in 内容 and the rest in
/// 度量单位; any other target goes whole into 内容.
fn content_and_unit(ind: &Indicator) -> (&str, &str) {
    let target = text(&ind.target);
    match target.strip_prefix(ind.name.as_str()) {
        Some(rest) if !ind.name.is_empty() && !rest.is_empty() => (&ind.name, rest),
        _ => (target, ""),
    }
}

/// Indicator rows and score lines of a self-evaluation, in the template's layout: categories
/// once per group, `指标N` in the 三级指标 column, the content in 内容.
fn evaluation_rows(form: &Form, out: &mut Vec<String>) {
    let mut n = 0;
    for (k, ind) in form.indicators.iter().enumerate() {
        let (l1, l2) = merged(&form.indicators, k);
        n = if l2.is_empty() && k > 0 { n + 1 } else { 1 };
        let (content, unit) = content_and_unit(ind);
        out.push(format!(
            "{l1}\t{l2}\t指标{n}\t\t{content}\t{unit}\t{}\t\t{}\t{}\t{}",
            text(&ind.actual),
            opt(ind.weight),
            opt(ind.score),
            text(&ind.reason)
        ));
    }
    if let Some(s) = &form.scores {
        if s.indicator_score.stated.is_some() || s.budget_score.stated.is_some() {
            out.push(format!(
                "产出、效益、满意度指标自评得分小计 (C)\t\t\t\t\t\t\t\t{}\t预算执行率得分 (D)\t\t{}",
                opt(s.indicator_score.stated),
                opt(s.budget_score.stated)
            ));
        }
        if let Some(t) = s.total.stated {
            let label = if form.kind == Kind::DepartmentSelfEvaluation {
                "总评价得分"
            } else {
                "绩效自评总得分 (C+D)"
            };
            out.push(format!("{label}\t\t\t\t\t\t\t\t{}", fmt_num(t)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_lose_trailing_zeros() {
        assert_eq!(fmt_num(170.0), "170");
        assert_eq!(fmt_num(19.76), "19.76");
        assert_eq!(fmt_num(0.5), "0.5");
    }

    #[test]
    fn the_seeds_survive_a_round_trip_through_their_own_layout() {
        for text in [
            include_str!("../../tests/fixtures/seeds/changshou-target-table.txt"),
            include_str!("../../tests/fixtures/seeds/yanchi-2022-target-approval.txt"),
            include_str!("../../tests/fixtures/seeds/fushun-2021-self-evaluation.txt"),
            include_str!("../../tests/fixtures/seeds/luan-2021-target-declaration.txt"),
        ] {
            let first = crate::parse(text);
            let again = crate::parse(&report_to_tsv(&first));
            assert_eq!(first.forms.len(), again.forms.len());
            for (a, b) in first.forms.iter().zip(&again.forms) {
                assert_eq!(a.project, b.project);
                assert_eq!(a.funds, b.funds);
                let names = |f: &Form| {
                    f.indicators
                        .iter()
                        .map(|i| {
                            (
                                i.level1.clone(),
                                i.level2.clone(),
                                i.name.clone(),
                                i.target.clone(),
                                i.value.clone(),
                                i.weight,
                            )
                        })
                        .collect::<Vec<_>>()
                };
                assert_eq!(names(a), names(b));
            }
        }
    }
}

//! The desk's table as plain data: one row per form of every document, sorted and filtered.
//! Tested natively; `components::desk` draws it.

use std::sync::Arc;

use crate::app::state::Doc;
use crate::core::desk::{summaries_counting, SummaryRow};
use crate::core::model::{Kind, Report};

/// The name a document goes by in cross-form findings: its file's, or none for pasted text.
pub fn doc_name(doc: &Doc) -> &str {
    doc.name.as_deref().unwrap_or("")
}

/// The desk's reports as the cross-form rules take them: (name, report), the active document's
/// the live one.
pub fn desk_refs<'a>(
    docs: &'a [Doc],
    reports: &'a [(u64, Arc<Report>)],
    active: usize,
    live: &'a Report,
) -> Vec<(&'a str, &'a Report)> {
    static EMPTY: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(Report::default);
    docs.iter()
        .enumerate()
        .map(|(k, d)| {
            let r = if k == active {
                live
            } else {
                reports
                    .iter()
                    .find(|(id, _)| *id == d.id)
                    .map(|(_, r)| r.as_ref())
                    .unwrap_or(empty)
            };
            (doc_name(d), r)
        })
        .collect()
}

/// One row of the desk's table: a form, or a document that gave none (a file that could not
/// be read, a text with no form in it).
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    /// The document's index on the desk.
    pub doc: usize,
    pub doc_id: u64,
    /// The file's name; `None` for pasted text.
    pub name: Option<String>,
    pub row: Option<SummaryRow>,
    /// Why the file could not be read, (Chinese, English).
    pub error: Option<(String, String)>,
    /// The document is the one in the editor.
    pub active: bool,
}

impl QueueRow {
    /// What the row is keyed by in the table: it is drawn again when anything in it changes.
    pub fn key(&self) -> String {
        format!(
            "{}/{:?}/{:?}/{}",
            self.doc_id, self.row, self.error, self.active
        )
    }

    pub fn name(&self, en: bool) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| pasted_name(en).to_string())
    }
}

/// The columns one can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    File,
    Kind,
    Year,
    Org,
    Project,
    Funds,
    Indicators,
    Errors,
    Warnings,
    Infos,
    Stated,
    Computed,
    Grade,
    Quality,
}

impl Col {
    pub const ALL: [Col; 14] = [
        Col::File,
        Col::Kind,
        Col::Year,
        Col::Org,
        Col::Project,
        Col::Funds,
        Col::Indicators,
        Col::Errors,
        Col::Warnings,
        Col::Infos,
        Col::Stated,
        Col::Computed,
        Col::Grade,
        Col::Quality,
    ];

    /// (Chinese, English, the `data-sort` name).
    pub fn label(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Col::File => ("文件", "File", "file"),
            Col::Kind => ("类型", "Kind", "kind"),
            Col::Year => ("年度", "Year", "year"),
            Col::Org => ("部门 / 单位", "Department / unit", "org"),
            Col::Project => ("项目", "Project", "project"),
            Col::Funds => ("资金（万元）", "Funds (万元)", "funds"),
            Col::Indicators => ("指标", "Indic.", "indicators"),
            Col::Errors => ("错误", "Errors", "errors"),
            Col::Warnings => ("警告", "Warn.", "warnings"),
            Col::Infos => ("提示", "Infos", "infos"),
            Col::Stated => ("表中总分", "Stated", "stated"),
            Col::Computed => ("复核总分", "Computed", "computed"),
            Col::Grade => ("等级", "Grade", "grade"),
            Col::Quality => ("目标质量", "Target quality", "quality"),
        }
    }

    /// The English heading in full, where the column's is cut short.
    pub fn title_en(self) -> &'static str {
        match self {
            Col::Indicators => "Indicators",
            Col::Warnings => "Warnings",
            Col::Stated => "Total as stated on the form",
            Col::Computed => "Total as computed",
            c => c.label().1,
        }
    }

    pub fn numeric(self) -> bool {
        matches!(
            self,
            Col::Year
                | Col::Funds
                | Col::Indicators
                | Col::Errors
                | Col::Warnings
                | Col::Infos
                | Col::Stated
                | Col::Computed
                | Col::Quality
        )
    }
}

/// A row's value in a column, as sorting compares it.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum SortKey {
    Num(f64),
    Text(String),
}

fn sort_key(r: &QueueRow, col: Col, en: bool) -> Option<SortKey> {
    use SortKey::{Num, Text};
    let num = |n: Option<f64>| n.map(Num);
    let text = |s: Option<&String>| s.filter(|s| !s.is_empty()).map(|s| Text(s.clone()));
    if col == Col::File {
        return Some(Text(r.name(en)));
    }
    let Some(s) = &r.row else {
        // A file that could not be read sorts with the most errors.
        return (col == Col::Errors && r.error.is_some()).then_some(Num(f64::INFINITY));
    };
    match col {
        Col::File => None,
        Col::Kind => Some(Text(kind_name(s.kind, en).to_string())),
        Col::Year => num(s.year.map(f64::from)),
        Col::Org => text(s.department.as_ref().or(s.unit.as_ref())),
        Col::Project => text(s.project.as_ref()),
        Col::Funds => num(s.funds_total),
        Col::Indicators => Some(Num(s.indicators as f64)),
        Col::Errors => Some(Num(s.errors as f64)),
        Col::Warnings => Some(Num(s.warnings as f64)),
        Col::Infos => Some(Num(s.infos as f64)),
        Col::Stated => num(s.total_stated),
        Col::Computed => num(s.total_computed),
        Col::Grade => text(s.grade.as_ref()),
        Col::Quality => num(s.quality),
    }
}

/// A kind's name in Chinese, or English when `en`.
pub fn kind_name(kind: Kind, en: bool) -> &'static str {
    if en {
        kind.en()
    } else {
        kind.zh()
    }
}

/// What pasted text (a document without a file) goes by.
pub fn pasted_name(en: bool) -> &'static str {
    if en {
        "(pasted text)"
    } else {
        "（粘贴的文本）"
    }
}

/// Sorts rows by a column, rows without a value last whichever the direction; ties keep the
/// desk's order.
pub fn sort_rows(rows: &mut [QueueRow], col: Col, descending: bool, en: bool) {
    crate::core::order::sort_by(rows, |a, b| {
        let (ka, kb) = (sort_key(a, col, en), sort_key(b, col, en));
        let ord = match (&ka, &kb) {
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        ord.then(
            (a.doc, a.row.as_ref().map(|r| r.form)).cmp(&(b.doc, b.row.as_ref().map(|r| r.form))),
        )
    });
}

/// What the filters let through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// A kind's JSON name, or empty for all.
    pub kind: String,
    pub errors_only: bool,
    /// A rule code, or empty for all.
    pub code: String,
    /// Text to find in the file, department, unit, project or its code.
    pub text: String,
}

pub fn passes(r: &QueueRow, f: &Filters) -> bool {
    let Some(s) = &r.row else {
        // Rows without a form show unless a filter asks for something of a form.
        return f.kind.is_empty()
            && f.code.is_empty()
            && (!f.errors_only || r.error.is_some())
            && (f.text.is_empty() || matches_text(r.name.as_deref().unwrap_or(""), &f.text));
    };
    if !f.kind.is_empty() && s.kind.as_str() != f.kind {
        return false;
    }
    if f.errors_only && s.errors == 0 {
        return false;
    }
    if !f.code.is_empty() && !s.codes.contains(&f.code) {
        return false;
    }
    if !f.text.is_empty() {
        let fields = [
            r.name.as_deref(),
            s.department.as_deref(),
            s.unit.as_deref(),
            s.project.as_deref(),
            s.project_code.as_deref(),
        ];
        if !fields
            .into_iter()
            .flatten()
            .any(|v| matches_text(v, &f.text))
        {
            return false;
        }
    }
    true
}

/// Case-insensitive substring, full- and half-width alike.
pub fn matches_text(hay: &str, needle: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .map(crate::core::text::fold_char)
            .flat_map(char::to_lowercase)
            .collect()
    };
    fold(hay).contains(fold(needle.trim()).as_str())
}

/// The rows of the whole desk: the active document's from the editor's live report.
pub fn queue_rows(
    docs: &[Doc],
    reports: &[(u64, Arc<Report>)],
    active: usize,
    live: &Report,
    cross: &[(usize, crate::Diagnostic)],
) -> Vec<QueueRow> {
    let refs = desk_refs(docs, reports, active, live);
    let mut summary = summaries_counting(&refs, cross).into_iter();
    let mut out = Vec::new();
    for (k, (d, (_, r))) in docs.iter().zip(&refs).enumerate() {
        let base = QueueRow {
            doc: k,
            doc_id: d.id,
            name: d.name.clone(),
            row: None,
            error: d.error.clone(),
            active: k == active,
        };
        if r.forms.is_empty() {
            // A blank document is no row; one with text but no form says so.
            let has_text = if k == active {
                !live.diagnostics.is_empty() || d.error.is_some()
            } else {
                d.error.is_some() || !d.session.text.trim().is_empty()
            };
            if has_text || d.error.is_some() {
                out.push(base);
            }
            continue;
        }
        for _ in 0..r.forms.len() {
            out.push(QueueRow {
                row: summary.next(),
                ..base.clone()
            });
        }
    }
    out
}

#[cfg(all(test, feature = "examples"))]
mod tests {
    use super::*;

    fn row(doc: usize, form: usize, errors: usize, funds: Option<f64>, kind: Kind) -> QueueRow {
        QueueRow {
            doc,
            doc_id: doc as u64 + 1,
            name: Some(format!("f{doc}.xlsx")),
            row: Some(SummaryRow {
                file: format!("f{doc}.xlsx"),
                form,
                kind,
                lines: [1, 10],
                year: Some(2021),
                department: None,
                unit: Some("某单位".into()),
                project: Some(format!("项目{doc}")),
                project_code: None,
                funds_total: funds,
                indicators: 3,
                errors,
                warnings: 0,
                infos: 0,
                total_stated: None,
                total_computed: None,
                grade: None,
                quality: None,
                codes: if errors > 0 {
                    vec!["W001".into()]
                } else {
                    vec![]
                },
                matched_with: None,
            }),
            error: None,
            active: false,
        }
    }

    #[test]
    fn sorting_puts_absent_values_last_both_ways_and_keeps_ties_in_order() {
        let mut rows = vec![
            row(0, 0, 1, Some(5.0), Kind::TargetTable),
            row(0, 1, 3, None, Kind::TargetTable),
            row(1, 0, 1, Some(50.0), Kind::ProjectSelfEvaluation),
        ];
        let order = |rs: &[QueueRow]| {
            rs.iter()
                .map(|r| (r.doc, r.row.as_ref().unwrap().form))
                .collect::<Vec<_>>()
        };
        sort_rows(&mut rows, Col::Errors, true, false);
        assert_eq!(order(&rows), [(0, 1), (0, 0), (1, 0)]);
        sort_rows(&mut rows, Col::Funds, false, false);
        assert_eq!(order(&rows), [(0, 0), (1, 0), (0, 1)]);
        sort_rows(&mut rows, Col::Funds, true, false);
        assert_eq!(order(&rows), [(1, 0), (0, 0), (0, 1)]);
    }

    #[test]
    fn filters_by_kind_errors_code_and_text() {
        let rows = [
            row(0, 0, 0, None, Kind::TargetTable),
            row(1, 0, 2, None, Kind::ProjectSelfEvaluation),
        ];
        let count = |f: Filters| rows.iter().filter(|r| passes(r, &f)).count();
        assert_eq!(count(Filters::default()), 2);
        assert_eq!(
            count(Filters {
                kind: "target_table".into(),
                ..Filters::default()
            }),
            1
        );
        assert_eq!(
            count(Filters {
                errors_only: true,
                ..Filters::default()
            }),
            1
        );
        assert_eq!(
            count(Filters {
                code: "W001".into(),
                ..Filters::default()
            }),
            1
        );
        assert_eq!(
            count(Filters {
                text: "项目1".into(),
                ..Filters::default()
            }),
            1
        );
        // Full-width letters and case fold.
        assert_eq!(
            count(Filters {
                text: "Ｆ1.XLSX".into(),
                ..Filters::default()
            }),
            1
        );
        let bad = QueueRow {
            row: None,
            error: Some(("无法读取".into(), "cannot read".into())),
            ..row(2, 0, 0, None, Kind::TargetTable)
        };
        assert!(passes(
            &bad,
            &Filters {
                errors_only: true,
                ..Filters::default()
            }
        ));
        assert!(!passes(
            &bad,
            &Filters {
                kind: "target_table".into(),
                ..Filters::default()
            }
        ));
    }

    #[test]
    fn the_desk_rows_are_one_a_form_and_one_a_document_without_forms() {
        use crate::app::state::{Session, EXAMPLES};
        let p = crate::core::score::Profile::default();
        let doc = |id: u64, name: Option<&str>, text: &str| Doc {
            id,
            name: name.map(str::to_string),
            session: Session::new(text.to_string()),
            error: None,
        };
        let docs = vec![
            doc(1, Some("changshou.txt"), EXAMPLES[0].3),
            doc(2, None, "只是一段说明文字，不是表格。"),
            Doc {
                error: Some(("“表.pdf”是 PDF 文件".into(), "“表.pdf” is a PDF".into())),
                ..doc(3, Some("表.pdf"), "")
            },
            doc(4, None, ""),
            doc(5, Some("yanchi.txt"), EXAMPLES[2].3),
        ];
        let reports: Vec<(u64, Arc<Report>)> = docs[1..]
            .iter()
            .map(|d| (d.id, Arc::new(d.session.report(&p))))
            .collect();
        let live = docs[0].session.report(&p);
        let refs = desk_refs(&docs, &reports, 0, &live);
        let cross = crate::core::desk::cross_check(&refs);
        let rows = queue_rows(&docs, &reports, 0, &live, &cross);
        // changshou's 4 forms, the text without a form, the PDF, yanchi's 3 forms; the blank
        // document is no row.
        let shape: Vec<(u64, Option<usize>, bool)> = rows
            .iter()
            .map(|r| (r.doc_id, r.row.as_ref().map(|s| s.form), r.error.is_some()))
            .collect();
        assert_eq!(
            shape,
            [
                (1, Some(0), false),
                (1, Some(1), false),
                (1, Some(2), false),
                (1, Some(3), false),
                (2, None, false),
                (3, None, true),
                (5, Some(0), false),
                (5, Some(1), false),
                (5, Some(2), false),
            ]
        );
        assert!(rows[..4].iter().all(|r| r.active));
        assert!(rows[4..].iter().all(|r| !r.active));
        // changshou's 4th form: 本年权重 20 × 4 + 预算执行率权重 10 = 90, W001.
        let fourth = rows[3].row.as_ref().unwrap();
        assert_eq!((fourth.indicators, fourth.errors), (4, 1));
        assert!(fourth.codes.contains(&"W001".to_string()));
        assert_eq!(rows[4].name(false), "（粘贴的文本）");
        assert_eq!(rows[4].name(true), "(pasted text)");
    }
}

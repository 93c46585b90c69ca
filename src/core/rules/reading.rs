//! Reading (P): what the text itself shows about the copy.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::model::Form;

/// Runs the reading rules that look at the parsed form.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    p003_cut_short(form, index, out);
}

/// Characters that begin words or join clauses and do not end a finished sentence: a text
/// that stops on one was cut (基 of 基金, 的, 和, 与 …).
const NEVER_LAST: &str = "的和及与或对为在将把被从向以并而且但若如当该各每之基";

/// P003 — a cell looks cut short by the source: a sentence that stops mid-word at a cell
/// boundary (`完成1、参与省级集中医疗保障业务基`).
///
/// How it is seen: a goal or a target of some length that ends on a character which joins or
/// begins and never ends a phrase. A heuristic, so it only informs.
///
/// Fires: a goal ending `…医疗保障业务基`.
/// Instead: copy the whole cell (widen the column before copying from a PDF).
fn p003_cut_short(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let mut texts: Vec<(&str, usize)> = form
        .goals
        .iter()
        .map(|g| {
            (
                g.text.as_str(),
                if g.line > 0 { g.line } else { form.lines[0] },
            )
        })
        .collect();
    for ind in &form.indicators {
        if let Some(t) = &ind.target {
            texts.push((t.as_str(), ind.line));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (text, line) in texts {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() < 12 || seen.contains(&text) {
            continue;
        }
        let last = chars[chars.len() - 1];
        if NEVER_LAST.contains(last) {
            seen.push(text);
            let shown: String = chars[chars.len().saturating_sub(12)..].iter().collect();
            out.push(
                diag(
                    "P003",
                    format!("“…{shown}”似乎在单元格边界处被截断。"),
                    format!("“…{shown}” looks cut short at a cell boundary."),
                    index,
                    [line, line],
                )
                .with_help("从原表复制完整的单元格内容（从 PDF 复制前可先加宽该列）。"),
            );
        }
    }
}

//! Target quality score: this tool's own rubric for a reviewer's first read of a target form,
//! not an official score. 100 points in four parts of 25 — completeness, measurability,
//! consistency, plausibility — and every point lost is traced to a diagnostic.

use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;
use super::model::Form;

/// One part of the rubric and what it lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct QualityPart {
    pub name: String,
    pub name_en: String,
    pub max: f64,
    pub score: f64,
    /// (diagnostic index in the report, code, points lost)
    pub lost: Vec<(usize, String, f64)>,
}

/// The rubric's result for one target form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Quality {
    pub score: f64,
    pub parts: Vec<QualityPart>,
}

/// Which part a code counts against, and how many points it costs each time.
fn cost(code: &str) -> Option<(usize, f64)> {
    Some(match code {
        // Completeness: required categories, values and funds filled.
        "S001" => (0, 10.0),
        "F001" => (0, 10.0),
        "S003" => (0, 5.0),
        "V001" => (0, 5.0),
        "S002" => (0, 3.0),
        "S004" => (0, 3.0),
        "S006" => (0, 2.0),
        // Measurability: quantified targets, no vague values.
        "V003" => (1, 5.0),
        "V002" => (1, 3.0),
        "V006" => (1, 3.0),
        "V005" => (1, 2.0),
        "V009" => (1, 2.0),
        // Consistency: weights, costs and funds add up; annual within medium term.
        "W001" => (2, 10.0),
        "C001" => (2, 10.0),
        "F002" => (2, 10.0),
        "F003" => (2, 10.0),
        "W002" => (2, 3.0),
        // Plausibility: percentages, dates, amounts within the project.
        "V007" => (3, 10.0),
        "V004" => (3, 5.0),
        "V008" => (3, 3.0),
        _ => return None,
    })
}

const PARTS: [(&str, &str); 4] = [
    ("完整性", "Completeness"),
    ("可衡量性", "Measurability"),
    ("一致性", "Consistency"),
    ("合理性", "Plausibility"),
];

/// The rubric for a form from its diagnostics (target forms only), each with its index in the
/// report's list.
pub fn quality<'a>(
    form: &Form,
    diagnostics: impl IntoIterator<Item = (usize, &'a Diagnostic)>,
) -> Option<Quality> {
    if !form.kind.is_target_form() {
        return None;
    }
    let mut parts: Vec<QualityPart> = PARTS
        .iter()
        .map(|(zh, en)| QualityPart {
            name: zh.to_string(),
            name_en: en.to_string(),
            max: 25.0,
            score: 25.0,
            lost: Vec::new(),
        })
        .collect();
    for (i, d) in diagnostics {
        if let Some((part, points)) = cost(&d.code) {
            let p = &mut parts[part];
            let take = points.min(p.score);
            if take > 0.0 {
                p.score -= take;
                p.lost.push((i, d.code.clone(), take));
            }
        }
    }
    let score = parts.iter().map(|p| p.score).sum();
    Some(Quality { score, parts })
}

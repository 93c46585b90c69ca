//! What the tests that compare a reading with hand-written gold share.

use serde_json::Value as Json;

/// The fund fields of a form, as the contract names them.
pub const FUNDS: &[&str] = &[
    "total",
    "fiscal",
    "other",
    "midterm_total",
    "initial",
    "executed",
];

/// A form's scores as the form states them, in the gold's shape (what is computed belongs to
/// the checker's tests).
pub fn stated_scores(s: &Json) -> Json {
    if s.is_null() {
        return Json::Null;
    }
    serde_json::json!({
        "budget_points": s["budget_points"],
        "execution_rate": s["execution_rate"]["stated"],
        "budget_score": s["budget_score"]["stated"],
        "indicator_score": s["indicator_score"]["stated"],
        "total": s["total"]["stated"],
    })
}

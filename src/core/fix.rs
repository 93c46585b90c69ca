//! Fix-its: the one obvious repair of a finding, as an [`Edit`] an editor can apply (and undo).
//!
//! A fix is offered only where the figures leave one repair: a stated figure that should be
//! the computed one (E001 rate, E002 budget score, E004 subtotal, E005 total, E011 grade),
//! weights that do not add up to 100 rescaled in proportion (W001), and an amount whose unit
//! was plainly slipped: a target in 万 that fits the funds when read in 元 (V007, C001), a fund
//! figure given in 元 that matches the others once converted to 万元 (F002, F003). Every fix is
//! tried on a copy of the forms before it is offered: it must clear the finding and bring no
//! new error or warning to the form.

use serde::Serialize;

use super::diagnostic::{Diagnostic, Severity};
use super::edit::{apply, Edit};
use super::export::fmt_num;
use super::model::{Form, Indicator, Kind, Report, Section};
use super::rules::check_form;
use super::rules::costs::wan as value_wan;
use super::rules::values::{amounts, is_cost, Amount};
use super::score::{
    decimals, exact_rate, grade, is_budget_indicator, round_half_up, score_form, Profile,
};
use super::text::compact;

/// A repair of one diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// The code of the diagnostic it repairs.
    pub code: String,
    /// What it changes, one sentence with the figures (Chinese).
    pub zh: String,
    /// The same in English.
    pub en: String,
    /// The edit that makes the repair.
    pub edit: Edit,
}

/// The one obvious repair of the report's diagnostic number `diagnostic`, if it has one, under
/// the default scoring profile.
pub fn fix_for(report: &Report, diagnostic: usize) -> Option<Fix> {
    fix_for_with(report, diagnostic, &Profile::default())
}

/// [`fix_for`] under the scoring profile the report was checked with (W001 takes its budget
/// weight from the profile where the form states none).
pub fn fix_for_with(report: &Report, diagnostic: usize, profile: &Profile) -> Option<Fix> {
    let d = report.diagnostics.get(diagnostic)?;
    let form = report.forms.get(d.form)?;
    let (zh, en, edit) = match d.code.as_str() {
        // Weights missing from some indicators (W002) or 一级 that state their points leave
        // more than one way to make the weights add up.
        "W001"
            if form.level1_points.is_empty()
                && !found(report, d.form, &[&format!("W002:{}", d.field.as_deref()?)]) =>
        {
            weights(form, d, profile)
        }
        "E001" => execution_rate(form, d),
        "E002" => budget_score(form, d),
        "E004" if d.field.as_deref() == Some("indicator_score") => subtotal(form, d),
        // A total or grade is only as good as the figures it follows from: where those are
        // wrong too, the repair is theirs first.
        "E005" if !found(report, d.form, &["E002", "E004:indicator_score"]) => total(form, d),
        "E011" if !found(report, d.form, &["E005"]) => stated_grade(form, d),
        "V007" => value_in_yuan(form, d),
        "C001" => cost_in_yuan(form, d),
        "F002" | "F003" => funds_in_yuan(form, d),
        _ => None,
    }?;
    clears(report, d, &edit, profile).then(|| Fix {
        code: d.code.clone(),
        zh,
        en,
        edit,
    })
}

/// True when the report holds, for form `form`, a diagnostic of one of `codes` (`CODE` or
/// `CODE:field`).
fn found(report: &Report, form: usize, codes: &[&str]) -> bool {
    report.diagnostics.iter().any(|x| {
        x.form == form
            && codes.iter().any(|c| match c.split_once(':') {
                Some((code, field)) => x.code == code && x.field.as_deref() == Some(field),
                None => x.code == *c,
            })
    })
}

/// What a builder returns: the sentence in Chinese and English, and the edit.
type Repair = Option<(String, String, Edit)>;

/// True when `edit` applies to the report's forms, the finding `d` is gone afterwards, and no
/// error or warning appears on the form that was not there before (an informational finding
/// may: costs that no longer exceed the funds may cover less than them, C002).
fn clears(report: &Report, d: &Diagnostic, edit: &Edit, profile: &Profile) -> bool {
    let key = |x: &Diagnostic| (x.code.clone(), x.indicator, x.field.clone());
    let findings = |form: &mut Form| {
        score_form(form, profile);
        check_form(form, d.form, profile)
    };
    let before: Vec<_> = findings(&mut report.forms[d.form].clone())
        .iter()
        .map(key)
        .collect();
    let mut forms = report.forms.clone();
    if apply(&mut forms, edit).is_err() {
        return false;
    }
    let after = findings(&mut forms[d.form]);
    after.iter().all(|x| key(x) != key(d))
        && after
            .iter()
            .all(|x| x.severity == Severity::Info || before.contains(&key(x)))
}

fn set(form: usize, indicator: Option<usize>, field: &str, value: String) -> Edit {
    Edit::Set {
        form,
        indicator,
        field: field.to_string(),
        value,
    }
}

/// W001 — the weights (the field the finding names) rescaled in proportion so that they and
/// the budget weight add up to 100, in the decimals the form writes, shared out by largest
/// remainder.
fn weights(form: &Form, d: &Diagnostic, profile: &Profile) -> Repair {
    let field = d.field.as_deref()?;
    let (get, zh_field): (fn(&Indicator) -> Option<f64>, &str) = match field {
        "weight" => (|i| i.weight, "权重"),
        "weight_current" => (|i| i.weight_current, "本年权重"),
        _ => return None,
    };
    let budget = form.budget_weight.unwrap_or(profile.budget_points);
    let due = 100.0 - budget;
    let old: Vec<(usize, f64)> = form
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(k, i)| Some((k, get(i)?)))
        .collect();
    let sum: f64 = old.iter().map(|(_, w)| w).sum();
    if old.is_empty() || sum <= 0.0 || due <= 0.0 || old.iter().any(|(_, w)| *w < 0.0) {
        return None;
    }
    let dp = old
        .iter()
        .map(|(_, w)| decimals(*w))
        .chain([decimals(due)])
        .max()
        .unwrap_or(0);
    // Largest remainder: each weight scaled and cut to the form's decimals, then the units the
    // cutting lost go one each to the weights that lost the most (the first among equals), so
    // the sum is exact and no weight moves by more than one unit.
    let unit = 10f64.powi(dp as i32);
    let scaled: Vec<f64> = old.iter().map(|(_, w)| w * due / sum * unit).collect();
    let mut units: Vec<f64> = scaled.iter().map(|x| (x + 1e-9).floor()).collect();
    let short = ((due * unit).round() - units.iter().sum::<f64>())
        .round()
        .max(0.0) as usize;
    let mut order: Vec<usize> = (0..scaled.len()).collect();
    crate::core::order::sort_by(&mut order, |&a, &b| {
        let (ra, rb) = (scaled[a] - units[a], scaled[b] - units[b]);
        rb.partial_cmp(&ra)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    for &k in order.iter().take(short) {
        units[k] += 1.0;
    }
    let new: Vec<f64> = units.iter().map(|u| round_half_up(u / unit, dp)).collect();
    let new_sum: f64 = new.iter().sum();
    if new.iter().any(|w| *w < 0.0) || (new_sum + budget - 100.0).abs() > 0.01 {
        return None;
    }
    let edits: Vec<Edit> = old
        .iter()
        .zip(&new)
        .filter(|((_, o), n)| (*o - **n).abs() > 1e-9)
        .map(|((k, _), n)| set(d.form, Some(*k), field, fmt_num(*n)))
        .collect();
    if edits.is_empty() {
        return None;
    }
    let list = |ws: &mut dyn Iterator<Item = f64>| ws.map(fmt_num).collect::<Vec<_>>();
    let before = list(&mut old.iter().map(|(_, w)| *w));
    let after = list(&mut new.iter().copied());
    let zh = format!(
        "将各指标{zh_field}由 {}（合计 {}）按比例调整为 {}（合计 {}），使其与预算执行率权重 {} 合计为 100。",
        before.join("、"),
        fmt_num(sum),
        after.join("、"),
        fmt_num(new_sum),
        fmt_num(budget)
    );
    let en = format!(
        "Rescale the indicators' {field} from {} (sum {}) to {} (sum {}), so that with the budget weight {} they add up to 100.",
        before.join(", "),
        fmt_num(sum),
        after.join(", "),
        fmt_num(new_sum),
        fmt_num(budget)
    );
    Some((zh, en, Edit::Batch { edits }))
}

/// E001 — the stated execution rate replaced by B / A.
fn execution_rate(form: &Form, d: &Diagnostic) -> Repair {
    let stated = form.scores.as_ref()?.execution_rate.stated?;
    let r = exact_rate(form)?;
    let pct = fmt_num(round_half_up(r, 4) * 100.0);
    let (a, b) = (form.funds.total?, form.funds.executed?);
    let zh = format!(
        "将执行率由 {}% 改为 全年执行数 {} ÷ 全年预算数 {} = {pct}%。",
        fmt_num(stated * 100.0),
        fmt_num(b),
        fmt_num(a)
    );
    let en = format!(
        "Change the execution rate from {}% to executed {} ÷ budget {} = {pct}%.",
        fmt_num(stated * 100.0),
        fmt_num(b),
        fmt_num(a)
    );
    Some((
        zh,
        en,
        set(d.form, None, "scores.execution_rate", format!("{pct}%")),
    ))
}

/// E002 — the stated budget execution score replaced by 分值 × min(B / A, 1).
fn budget_score(form: &Form, d: &Diagnostic) -> Repair {
    let s = form.scores.as_ref()?;
    let (stated, points, r) = (s.budget_score.stated?, s.budget_points?, exact_rate(form)?);
    let due = round_half_up(points * r.min(1.0), 2);
    let rate = fmt_num(round_half_up(r.min(1.0) * 100.0, 2));
    let zh = format!(
        "将预算执行率得分由 {} 改为 分值 {} × 执行率 {rate}% = {}。",
        fmt_num(stated),
        fmt_num(points),
        fmt_num(due)
    );
    let en = format!(
        "Change the budget score from {} to points {} × rate {rate}% = {}.",
        fmt_num(stated),
        fmt_num(points),
        fmt_num(due)
    );
    Some((
        zh,
        en,
        set(d.form, None, "scores.budget_score", fmt_num(due)),
    ))
}

/// E004 — the stated subtotal (C) replaced by the sum of the indicators' stated scores.
fn subtotal(form: &Form, d: &Diagnostic) -> Repair {
    if !matches!(
        form.kind,
        Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation
    ) {
        return None;
    }
    let stated = form.scores.as_ref()?.indicator_score.stated?;
    let scores: Option<Vec<f64>> = form
        .indicators
        .iter()
        .filter(|i| !is_budget_indicator(form, i))
        .map(|i| i.score)
        .collect();
    let scores = scores.filter(|s| !s.is_empty())?;
    let due = round_half_up(scores.iter().sum(), 2);
    let zh = format!(
        "将自评得分小计 (C) 由 {} 改为各指标得分合计 {}。",
        fmt_num(stated),
        fmt_num(due)
    );
    let en = format!(
        "Change the subtotal (C) from {} to the sum of the indicators' scores, {}.",
        fmt_num(stated),
        fmt_num(due)
    );
    Some((
        zh,
        en,
        set(d.form, None, "scores.indicator_score", fmt_num(due)),
    ))
}

/// E005 — the stated total replaced by C + D, with C and D as the rule takes them.
fn total(form: &Form, d: &Diagnostic) -> Repair {
    let s = form.scores.as_ref()?;
    let stated = s.total.stated?;
    let c = s.indicator_score.stated.or(s
        .indicator_score
        .computed
        .filter(|_| s.total.computed.is_some()))?;
    let dd = s.budget_score.stated.or(s.budget_score.computed)?;
    let due = round_half_up(c + dd, 2);
    let zh = format!(
        "将总得分由 {} 改为 自评得分小计 (C) {} + 预算执行率得分 (D) {} = {}。",
        fmt_num(stated),
        fmt_num(c),
        fmt_num(dd),
        fmt_num(due)
    );
    let en = format!(
        "Change the total from {} to C {} + D {} = {}.",
        fmt_num(stated),
        fmt_num(c),
        fmt_num(dd),
        fmt_num(due)
    );
    Some((zh, en, set(d.form, None, "scores.total", fmt_num(due))))
}

/// E011 — the stated grade replaced by the grade of the total.
fn stated_grade(form: &Form, d: &Diagnostic) -> Repair {
    let s = form.scores.as_ref()?;
    let stated = s.grade_stated.as_deref()?;
    let t = s.total.stated.or(s.total.computed)?;
    let due = grade(t);
    let zh = format!(
        "将评价等级由“{stated}”改为总得分 {} 对应的“{due}”。",
        fmt_num(t)
    );
    let en = format!(
        "Change the grade from “{stated}” to “{due}”, the grade of a total of {}.",
        fmt_num(t)
    );
    Some((zh, en, set(d.form, None, "scores.grade", due.to_string())))
}

/// The text with the 万 of the amount ending at byte `end` made 元 (`500万` → `500元`,
/// `500万元` → `500元`).
fn wan_to_yuan(text: &str, end: usize) -> String {
    let rest = &text[end + '万'.len_utf8()..];
    let rest = rest.strip_prefix('元').unwrap_or(rest);
    format!("{}元{rest}", &text[..end])
}

/// V007 — an amount in 万 above the annual total that fits it when read in 元: its unit made 元.
fn value_in_yuan(form: &Form, d: &Diagnostic) -> Repair {
    let k = d.indicator?;
    let ind = form.indicators.get(k)?;
    let target = ind.target.as_deref()?;
    let total = form.funds.total.filter(|t| *t > 0.0)?;
    let over: Vec<Amount> = amounts(target)
        .into_iter()
        .filter(|a| a.wan() > total + 0.01)
        .collect();
    let [a] = over.as_slice() else { return None };
    if a.unit != '万' || a.number / 10000.0 > total {
        return None;
    }
    let new = wan_to_yuan(target, a.end);
    let (zh, en) = unit_sentences(ind, target, &new, a.number / 10000.0, total);
    Some((zh, en, set(d.form, Some(k), "target", new)))
}

fn unit_sentences(ind: &Indicator, old: &str, new: &str, wan: f64, total: f64) -> (String, String) {
    (
        format!(
            "将指标“{}”的指标值“{old}”改为“{new}”（按元计为 {} 万元，不超过年度资金总额 {} 万元）。",
            ind.name,
            fmt_num(wan),
            fmt_num(total)
        ),
        format!(
            "Change indicator “{}” from “{old}” to “{new}” ({} 万元 when read in 元, within the annual total of {} 万元).",
            ind.name,
            fmt_num(wan),
            fmt_num(total)
        ),
    )
}

/// C001 — the cost indicators above the annual total because exactly one of them, itself
/// above the total, is in 万 where 元 makes the sum fit: its unit made 元.
fn cost_in_yuan(form: &Form, d: &Diagnostic) -> Repair {
    let total = form.funds.total.filter(|t| *t > 0.0)?;
    let costs: Vec<(usize, &Indicator)> = form
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| is_cost(i))
        .collect();
    let wan: Option<Vec<f64>> = costs.iter().map(|(_, i)| value_wan(&i.value)).collect();
    let wan = wan?;
    let sum: f64 = wan.iter().sum();
    let tolerance = 0.01 * costs.len() as f64;
    if sum <= total + tolerance {
        // The finding is about the medium-term total, or no longer holds.
        return None;
    }
    let candidates: Vec<usize> = costs
        .iter()
        .zip(&wan)
        .enumerate()
        .filter(|(_, ((_, i), w))| {
            i.value.unit.as_deref().is_some_and(|u| u.starts_with('万'))
                && **w > total
                && sum - **w + **w / 10000.0 <= total + tolerance
        })
        .map(|(n, _)| n)
        .collect();
    let [n] = candidates.as_slice() else {
        return None;
    };
    let (k, ind) = costs[*n];
    let target = ind.target.as_deref()?;
    let number = ind.value.number?;
    // The 万 written in the text, else the unit came from the row's 度量单位: 元 is written
    // after the number.
    let new = match amounts(target)
        .into_iter()
        .find(|a| a.unit == '万' && a.number == number)
    {
        Some(a) => wan_to_yuan(target, a.end),
        None => {
            let start = target.find(|c: char| c.is_ascii_digit())?;
            let len = target[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(target.len() - start);
            let end = start + len;
            format!("{}元{}", &target[..end], &target[end..])
        }
    };
    // The new text must read as the same number in 元.
    let mut trial = vec![form.clone()];
    apply(&mut trial, &set(0, Some(k), "target", new.clone())).ok()?;
    let read = value_wan(&trial[0].indicators[k].value)?;
    if (read - number / 10000.0).abs() > 1e-9 {
        return None;
    }
    let (zh, en) = unit_sentences(ind, target, &new, number / 10000.0, total);
    Some((zh, en, set(d.form, Some(k), "target", new)))
}

/// The amount of the budget line whose label starts with `prefix` in `section`.
fn line_total(form: &Form, section: Section, prefix: &str) -> Option<f64> {
    form.budget_lines
        .iter()
        .find(|l| l.section == section && compact(&l.label).starts_with(prefix))
        .and_then(|l| l.total)
}

/// F002 / F003 — one fund figure plainly given in 元 (the only one that, read in 元, makes the
/// total equal its sources; for F003 it must also bring the annual total within the
/// medium-term one): converted to 万元.
fn funds_in_yuan(form: &Form, d: &Diagnostic) -> Repair {
    let f = &form.funds;
    let (total, fiscal) = (f.total?, f.fiscal?);
    let carry = line_total(form, Section::Project, "上年结转")
        .or_else(|| line_total(form, Section::Income, "上年结转"));
    let agrees = |t: f64, fi: f64, o: Option<f64>| {
        let parts = 1 + usize::from(o.is_some()) + usize::from(carry.is_some());
        let sum = fi + o.unwrap_or(0.0) + carry.unwrap_or(0.0);
        (sum - t).abs() <= 0.01 * parts as f64 + 1e-9
    };
    if agrees(total, fiscal, f.other) && d.code == "F002" {
        return None;
    }
    let plain = |x: f64| x >= 10000.0;
    let mut candidates: Vec<(&str, f64)> = Vec::new();
    if plain(total) && agrees(total / 1e4, fiscal, f.other) {
        candidates.push(("funds.total", total));
    }
    if plain(fiscal) && agrees(total, fiscal / 1e4, f.other) {
        candidates.push(("funds.fiscal", fiscal));
    }
    if let Some(other) = f.other.filter(|o| plain(*o)) {
        if agrees(total, fiscal, Some(other / 1e4)) {
            candidates.push(("funds.other", other));
        }
    }
    let [(field, x)] = candidates.as_slice() else {
        return None;
    };
    if d.code == "F003" {
        let mid = f.midterm_total?;
        if *field != "funds.total" || total / 1e4 > mid + 1e-6 {
            return None;
        }
    }
    let (zh_name, en_name) = match *field {
        "funds.total" => ("年度资金总额", "the annual total"),
        "funds.fiscal" => ("财政拨款", "the fiscal funds"),
        _ => ("其他资金", "the other funds"),
    };
    let wan = x / 1e4;
    let zh = format!(
        "将{zh_name} {} 按元换算为 {} 万元，使资金总额与各来源之和相符。",
        fmt_num(*x),
        fmt_num(wan)
    );
    let en = format!(
        "Read {en_name} {} as 元: {} 万元, so that the total matches its sources.",
        fmt_num(*x),
        fmt_num(wan)
    );
    Some((zh, en, set(d.form, None, field, format!("{x}元"))))
}

//! Scores of self-evaluations, stated beside computed; a stated figure is never replaced.
//!
//! - Budget execution score D = 分值 × min(B / A, 1), A = 全年预算数, B = 全年执行数.
//! - An indicator's computed score: a quantitative target met earns its 分值; one not met earns
//!   分值 × 完成值 / 目标值 (or 目标值 / 完成值 where less is better); a qualitative one earns the
//!   band of its result (达成 80–100 %, 部分达成 60–80 %, 未达成 below 60 % of 分值): the stated
//!   score where it lies in the band, else the band's top.
//! - C = the sum of the indicators' computed scores; total = C + D; grade 优 ≥ 90, 良 80–<90,
//!   中 60–<80, 差 < 60. A form that shows only part of its indicators (a fragment, a cut paste:
//!   their 分值 do not add up to the profile's points) has its total from its stated C.

use super::model::{Form, Indicator, Kind, Op};
use super::value::read_value;

/// How many points budget execution and the indicators carry, and the split among 一级.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub budget_points: f64,
    pub indicator_points: f64,
    /// Points per 一级 (产出指标 50, 效益指标 30, 满意度指标 10 by default).
    pub level1: Vec<(String, f64)>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            budget_points: 10.0,
            indicator_points: 90.0,
            level1: vec![
                ("产出指标".into(), 50.0),
                ("效益指标".into(), 30.0),
                ("满意度指标".into(), 10.0),
            ],
        }
    }
}

impl Profile {
    /// Reads `10+90`, `20+80` or `10+90:50/30/10` (budget + indicators, then 产出/效益/满意度).
    pub fn parse(spec: &str) -> Result<Profile, String> {
        let bad = || {
            format!("评分方案应写作“10+90”或“10+90:50/30/10” / a profile reads “10+90” or “10+90:50/30/10”, not “{spec}”")
        };
        let (main, split) = match spec.split_once(':') {
            Some((m, s)) => (m, Some(s)),
            None => (spec, None),
        };
        let (b, i) = main.split_once('+').ok_or_else(bad)?;
        let budget_points: f64 = b.trim().parse().map_err(|_| bad())?;
        let indicator_points: f64 = i.trim().parse().map_err(|_| bad())?;
        if budget_points < 0.0
            || indicator_points < 0.0
            || (budget_points + indicator_points - 100.0).abs() > 1e-9
        {
            return Err(bad());
        }
        let mut p = Profile {
            budget_points,
            indicator_points,
            ..Profile::default()
        };
        if let Some(split) = split {
            let parts: Vec<f64> = split
                .split('/')
                .map(|x| x.trim().parse::<f64>().map_err(|_| bad()))
                .collect::<Result<_, _>>()?;
            if parts.len() != 3 || (parts.iter().sum::<f64>() - indicator_points).abs() > 1e-9 {
                return Err(bad());
            }
            p.level1 = vec![
                ("产出指标".into(), parts[0]),
                ("效益指标".into(), parts[1]),
                ("满意度指标".into(), parts[2]),
            ];
        } else {
            let scale = indicator_points / 90.0;
            for (_, pts) in p.level1.iter_mut() {
                *pts *= scale;
            }
        }
        Ok(p)
    }
}

/// Rounds half up to `dp` decimals (5.975 → 6 at 0 decimals).
pub fn round_half_up(x: f64, dp: u32) -> f64 {
    let f = 10f64.powi(dp as i32);
    // A tiny nudge keeps 5.975 from reading as 5.97499… in binary.
    ((x * f) + 1e-9).round() / f
}

/// The decimals a stated figure is written with (6 → 0, 5.1 → 1, 30.64 → 2).
pub fn decimals(x: f64) -> u32 {
    let s = super::export::fmt_num(x);
    s.split_once('.').map_or(0, |(_, d)| d.len() as u32)
}

/// B / A: a form's 全年执行数 over its 全年预算数, unrounded.
pub fn exact_rate(form: &Form) -> Option<f64> {
    match (form.funds.total, form.funds.executed) {
        (Some(a), Some(b)) if a > 0.0 => Some(b / a),
        _ => None,
    }
}

/// A stated percentage against a computed one, at the precision the form writes it, truncated
/// or rounded (86 matches 86.20; 59.75 and 59.76 match 59.755; 86 does not match 87.4).
pub fn rate_matches(stated_pct: f64, computed_pct: f64) -> bool {
    let stated_pct = round_half_up(stated_pct, 4);
    let dp = decimals(stated_pct);
    let f = 10f64.powi(dp as i32);
    let truncated = ((computed_pct * f) + 1e-9).floor() / f;
    (round_half_up(computed_pct, dp) - stated_pct).abs() < 1e-6
        || (truncated - stated_pct).abs() < 1e-6
}

/// The grade of a total.
pub fn grade(total: f64) -> &'static str {
    if total >= 90.0 {
        "优"
    } else if total >= 80.0 {
        "良"
    } else if total >= 60.0 {
        "中"
    } else {
        "差"
    }
}

/// The department's budget execution, stated as an indicator (预算执行率 under 预算执行效率),
/// is its D, not part of C.
pub fn is_budget_indicator(form: &Form, ind: &Indicator) -> bool {
    form.kind == Kind::DepartmentSelfEvaluation
        && ind.name.contains("预算执行率")
        && ind.level2.as_deref() == Some("预算执行效率")
}

/// An indicator's computed score, or None where it has no 分值.
pub fn indicator_score(ind: &Indicator) -> Option<f64> {
    let w = ind.weight?;
    let target = &ind.value;
    let actual = ind.actual.as_deref().map(read_value);
    if let (Some(t), Some(a)) = (target.number, actual.as_ref().and_then(|a| a.number)) {
        if !target.qualitative && target.date.is_none() && t > 0.0 && a >= 0.0 {
            let lower_is_better = matches!(target.op, Some(Op::Le | Op::Lt));
            let met = match target.op {
                Some(Op::Le) => a <= t,
                Some(Op::Lt) => a < t,
                Some(Op::Gt) => a > t,
                Some(Op::Eq) => (a - t).abs() < 1e-9,
                Some(Op::Ge) | None => a >= t,
            };
            let s = if met {
                w
            } else if lower_is_better {
                if a > 0.0 {
                    w * t / a
                } else {
                    w
                }
            } else {
                w * a / t
            };
            return Some(round_half_up(s.clamp(0.0, w), 2));
        }
    }
    // Qualitative: the band of the result.
    let (lo, hi) = match ind.actual.as_deref() {
        Some(a) if a.contains("未完成") || a.contains("未达成") || a.contains("未实现") => {
            (0.0, 0.6 * w)
        }
        Some(a) if a.contains("部分") => (0.6 * w, 0.8 * w),
        Some(_) => (0.8 * w, w),
        None => (0.0, w),
    };
    Some(match ind.score {
        Some(s) if s >= lo && s <= hi => s,
        _ => round_half_up(hi, 2),
    })
}

/// Fills the computed side of a self-evaluation's (or fragment's) scores.
pub fn score_form(form: &mut Form, profile: &Profile) {
    if !matches!(
        form.kind,
        Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation | Kind::Fragment
    ) {
        return;
    }
    let mut s = form.scores.take().unwrap_or_default();

    let rate = exact_rate(form);
    s.execution_rate.computed = rate.map(|r| round_half_up(r, 4));
    if s.budget_points.is_none() && form.kind == Kind::ProjectSelfEvaluation {
        s.budget_points = Some(profile.budget_points);
    }
    s.budget_score.computed = match (s.budget_points, rate) {
        (Some(p), Some(r)) => Some(round_half_up(p * r.min(1.0), 2)),
        _ => None,
    };

    let scored: Vec<(f64, f64)> = form
        .indicators
        .iter()
        .filter(|i| !is_budget_indicator(form, i))
        .filter_map(|i| Some((i.weight?, indicator_score(i)?)))
        .collect();
    s.indicator_score.computed =
        (!scored.is_empty()).then(|| round_half_up(scored.iter().map(|(_, c)| c).sum(), 2));
    let points: f64 = scored.iter().map(|(w, _)| w).sum();
    let complete = (points - profile.indicator_points).abs() < 1e-6;
    let c = if complete {
        s.indicator_score.computed
    } else {
        s.indicator_score.stated
    };
    let d = s.budget_score.computed.or(s.budget_score.stated);
    s.total.computed = match (c, d) {
        (Some(c), Some(d)) => Some(round_half_up(c + d, 2)),
        _ => None,
    };
    s.grade = s.total.computed.map(|t| grade(t).to_string());
    form.scores = Some(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_half_up_at_the_stated_precision() {
        assert_eq!(round_half_up(5.975, 0), 6.0);
        assert_eq!(round_half_up(9.91, 0), 10.0);
        assert_eq!(round_half_up(3.0641, 2), 3.06);
        assert_eq!(decimals(6.0), 0);
        assert_eq!(decimals(5.1), 1);
        assert_eq!(decimals(30.64), 2);
    }

    #[test]
    fn profiles() {
        assert_eq!(Profile::parse("10+90").unwrap(), Profile::default());
        let p = Profile::parse("20+80").unwrap();
        assert_eq!((p.budget_points, p.indicator_points), (20.0, 80.0));
        let p = Profile::parse("10+90:60/20/10").unwrap();
        assert_eq!(p.level1[0].1, 60.0);
        assert!(Profile::parse("10+80").is_err());
        assert!(Profile::parse("x").is_err());
        assert!(Profile::parse("10+90:50/30").is_err());
    }

    #[test]
    fn grades() {
        assert_eq!(grade(93.06), "优");
        assert_eq!(grade(89.99), "良");
        assert_eq!(grade(60.0), "中");
        assert_eq!(grade(59.9), "差");
    }
}

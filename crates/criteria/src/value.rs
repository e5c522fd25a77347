//! What an expression evaluates to when some answers are missing, not done or known in part.
//!
//! A number is known; or only a lower bound is known (a count over a list that may have more
//! entries); or it is unknown (something it reads is unanswered, and an answer could still
//! give it); or it is absent (something it reads is known not to exist, so no answer can give
//! it). Absent wins over unknown: once one input can never exist, the value never will.

use crate::result::Status;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    Known(f64),
    /// At least this much: more may come (a partly known list).
    AtLeast(f64),
    Unknown,
    Absent,
}

const EPSILON: f64 = 1e-9;

pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPSILON * a.abs().max(b.abs()).max(1.0)
}

impl Value {
    /// The number, where it is known exactly.
    pub(crate) fn known(self) -> Option<f64> {
        match self {
            Value::Known(x) => Some(x),
            _ => None,
        }
    }

    fn from_option(x: Option<f64>) -> Value {
        x.map_or(Value::Unknown, Value::Known)
    }

    /// Absent if either is, else unknown if either is; otherwise `None`: both have a bound.
    fn missing(a: Value, b: Value) -> Option<Value> {
        match (a, b) {
            (Value::Absent, _) | (_, Value::Absent) => Some(Value::Absent),
            (Value::Unknown, _) | (_, Value::Unknown) => Some(Value::Unknown),
            _ => None,
        }
    }

    pub(crate) fn add(a: Value, b: Value) -> Value {
        if let Some(m) = Value::missing(a, b) {
            return m;
        }
        match (a, b) {
            (Value::Known(x), Value::Known(y)) => Value::Known(x + y),
            (Value::Known(x) | Value::AtLeast(x), Value::Known(y) | Value::AtLeast(y)) => Value::AtLeast(x + y),
            _ => Value::Unknown,
        }
    }

    pub(crate) fn max(a: Value, b: Value) -> Value {
        if let Some(m) = Value::missing(a, b) {
            return m;
        }
        match (a, b) {
            (Value::Known(x), Value::Known(y)) => Value::Known(x.max(y)),
            (Value::Known(x) | Value::AtLeast(x), Value::Known(y) | Value::AtLeast(y)) => Value::AtLeast(x.max(y)),
            _ => Value::Unknown,
        }
    }

    pub(crate) fn min(a: Value, b: Value) -> Value {
        if let Some(m) = Value::missing(a, b) {
            return m;
        }
        match (a, b) {
            (Value::Known(x), Value::Known(y)) => Value::Known(x.min(y)),
            // min(at least x, y) is y exactly when y cannot exceed the bound.
            (Value::AtLeast(x), Value::Known(y)) | (Value::Known(y), Value::AtLeast(x)) if y <= x => Value::Known(y),
            (Value::AtLeast(x), Value::AtLeast(y)) => Value::AtLeast(x.min(y)),
            _ => Value::Unknown,
        }
    }

    /// Any other arithmetic: exact numbers only (a bound does not survive subtraction,
    /// products of signed numbers or bands).
    pub(crate) fn exact(a: Value, b: Value, f: impl FnOnce(f64, f64) -> Option<f64>) -> Value {
        if let Some(m) = Value::missing(a, b) {
            return m;
        }
        match (a, b) {
            (Value::Known(x), Value::Known(y)) => Value::from_option(f(x, y)),
            _ => Value::Unknown,
        }
    }

    pub(crate) fn map(self, f: impl FnOnce(f64) -> Option<f64>) -> Value {
        match self {
            Value::Known(x) => Value::from_option(f(x)),
            Value::AtLeast(_) => Value::Unknown,
            other => other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

impl Cmp {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Ge => a > b || close(a, b),
            Cmp::Gt => a > b && !close(a, b),
            Cmp::Le => a < b || close(a, b),
            Cmp::Lt => a < b && !close(a, b),
            Cmp::Eq => close(a, b),
        }
    }

    /// The same comparison with its operands swapped (`a >= b` is `b <= a`).
    fn flipped(self) -> Cmp {
        match self {
            Cmp::Ge => Cmp::Le,
            Cmp::Gt => Cmp::Lt,
            Cmp::Le => Cmp::Ge,
            Cmp::Lt => Cmp::Gt,
            Cmp::Eq => Cmp::Eq,
        }
    }

    /// Compares two values: a comparison with an absent value is not met (the fact it needs
    /// does not exist); with an unknown one it is unknown; with a lower bound it is decided
    /// only when every value above the bound gives the same answer.
    pub(crate) fn status(self, a: Value, b: Value) -> Status {
        match (a, b) {
            (Value::Absent, _) | (_, Value::Absent) => Status::NotMet,
            (Value::Unknown, _) | (_, Value::Unknown) => Status::Unknown,
            (Value::Known(x), Value::Known(y)) => Status::from_bool(self.holds(x, y)),
            (Value::AtLeast(x), Value::Known(y)) => self.bounded(x, y),
            (Value::Known(y), Value::AtLeast(x)) => self.flipped().bounded(x, y),
            (Value::AtLeast(_), Value::AtLeast(_)) => Status::Unknown,
        }
    }

    /// `v op y` for every `v >= x`.
    fn bounded(self, x: f64, y: f64) -> Status {
        match self {
            Cmp::Ge | Cmp::Gt if self.holds(x, y) => Status::Met,
            Cmp::Le | Cmp::Lt | Cmp::Eq if Cmp::Gt.holds(x, y) || (self == Cmp::Lt && close(x, y)) => Status::NotMet,
            _ => Status::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_wins_over_unknown_and_fails_comparisons() {
        assert_eq!(Value::add(Value::Absent, Value::Unknown), Value::Absent);
        assert_eq!(
            Value::exact(Value::Unknown, Value::Absent, |a, b| Some(a - b)),
            Value::Absent
        );
        assert_eq!(Cmp::Ge.status(Value::Absent, Value::Known(1.0)), Status::NotMet);
        assert_eq!(Cmp::Lt.status(Value::Absent, Value::Known(1.0)), Status::NotMet);
        assert_eq!(Cmp::Ge.status(Value::Unknown, Value::Known(1.0)), Status::Unknown);
    }

    #[test]
    fn a_lower_bound_decides_only_what_more_cannot_change() {
        let at_least_3 = Value::AtLeast(3.0);
        assert_eq!(Cmp::Ge.status(at_least_3, Value::Known(3.0)), Status::Met);
        assert_eq!(Cmp::Ge.status(at_least_3, Value::Known(4.0)), Status::Unknown);
        assert_eq!(Cmp::Gt.status(at_least_3, Value::Known(3.0)), Status::Unknown);
        assert_eq!(Cmp::Le.status(at_least_3, Value::Known(2.0)), Status::NotMet);
        assert_eq!(Cmp::Le.status(at_least_3, Value::Known(3.0)), Status::Unknown);
        assert_eq!(Cmp::Lt.status(at_least_3, Value::Known(3.0)), Status::NotMet);
        assert_eq!(Cmp::Eq.status(at_least_3, Value::Known(2.0)), Status::NotMet);
        assert_eq!(Cmp::Eq.status(at_least_3, Value::Known(3.0)), Status::Unknown);
        // 1 <= at least 3: met whatever comes.
        assert_eq!(Cmp::Le.status(Value::Known(1.0), at_least_3), Status::Met);
        assert_eq!(Cmp::Ge.status(Value::Known(1.0), at_least_3), Status::NotMet);
        assert_eq!(Value::add(at_least_3, Value::Known(1.0)), Value::AtLeast(4.0));
        assert_eq!(Value::min(at_least_3, Value::Known(2.0)), Value::Known(2.0));
        assert_eq!(Value::min(at_least_3, Value::Known(5.0)), Value::Unknown);
        assert_eq!(
            Value::exact(at_least_3, Value::Known(1.0), |a, b| Some(a - b)),
            Value::Unknown
        );
    }
}

//! Unit conversion for answers given in another unit than the question's (FLC in mg/L when the
//! policy states mg/dL, weight in lb when it states kg).

/// Linear factors: one `from` equals `factor` of `to`.
const FACTORS: &[(&str, &str, f64)] = &[
    ("mg/L", "mg/dL", 0.1),
    ("g/L", "g/dL", 0.1),
    ("g/dL", "mg/dL", 1000.0),
    ("g/L", "mg/dL", 100.0),
    ("mg/L", "g/dL", 0.0001),
    ("g/24 h", "mg/24 h", 1000.0),
    ("lb", "kg", 0.453_592_37),
    ("g", "mg", 1000.0),
    ("weeks", "days", 7.0),
    ("years", "months", 12.0),
];

/// The factor that turns a value in `from` into `to`, or `None` when no conversion is known.
pub fn factor(from: &str, to: &str) -> Option<f64> {
    if from == to {
        return Some(1.0);
    }
    FACTORS.iter().find_map(|&(a, b, f)| {
        if a == from && b == to {
            Some(f)
        } else if a == to && b == from {
            Some(1.0 / f)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::factor;

    #[test]
    fn converts_both_ways() {
        assert_eq!(factor("mg/L", "mg/dL"), Some(0.1));
        assert_eq!(factor("mg/dL", "mg/L"), Some(10.0));
        assert_eq!(factor("kg", "kg"), Some(1.0));
        assert_eq!(factor("mg/dL", "kg"), None);
    }
}

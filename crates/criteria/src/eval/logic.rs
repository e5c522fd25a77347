//! The statuses: predicates, derived values and nodes, each computed once into flat arrays,
//! with Kleene logic over `all`, `any`, `at_least`, `not`, `use` and `when` gates.

use super::{in_all, in_any, NodeState, Run};
use crate::answers::Answer;
use crate::program::{PExpr, PKind, PPred};
use crate::result::*;
use crate::value::{close, Value};

/// Whose referral lists a met node carries.
enum Carry {
    None,
    One(u32),
    /// Every child that counts as met inside an `all`.
    AllMet(std::ops::Range<u32>),
    /// Every child that counts as met inside an `any` or `at_least`.
    AnyMet(std::ops::Range<u32>),
}

impl<'p, 'a> Run<'p, 'a> {
    pub(super) fn pred(&mut self, p: u32) -> Status {
        if let Some(Some(s)) = self.preds.get(p as usize) {
            return *s;
        }
        let status = self.compute_pred(p).unwrap_or(Status::Unknown);
        if let Some(slot) = self.preds.get_mut(p as usize) {
            *slot = Some(status);
        }
        status
    }

    pub(super) fn compute_pred(&mut self, p: u32) -> Option<Status> {
        let prog = self.prog;
        let pred = prog.preds.get(p as usize)?;
        if let PPred::Cmp(op, a, b) = pred {
            let (a, b) = (self.expr(*a), self.expr(*b));
            return Some(op.status(a, b));
        }
        if let PPred::Not(inner) = pred {
            return Some(match self.pred(*inner) {
                Status::Met => Status::NotMet,
                Status::NotMet => Status::Met,
                other => other,
            });
        }
        let (PPred::Yes(q)
        | PPred::No(q)
        | PPred::ChoiceIn(q, _)
        | PPred::IncludesAny(q, _, _, _)
        | PPred::WithinDays(q, _)
        | PPred::WithinMonths(q, _)
        | PPred::LinesDated(q)) = pred
        else {
            // Cmp and Not are answered above.
            return None;
        };
        let answer = self.slot(*q)?;
        // A fact known to be absent meets no criterion that needs it.
        if matches!(answer, Answer::NotDone) {
            return Some(Status::NotMet);
        }
        Some(match pred {
            PPred::Yes(_) => match answer {
                Answer::Bool(b) => Status::from_bool(*b),
                _ => return None,
            },
            PPred::No(_) => match answer {
                Answer::Bool(b) => Status::from_bool(!*b),
                _ => return None,
            },
            PPred::ChoiceIn(_, values) => match answer {
                Answer::Choice(c) => Status::from_bool(values.contains(c)),
                _ => return None,
            },
            PPred::IncludesAny(_, values, mask, cover) => {
                let (list, mut open) = match answer {
                    Answer::Partial(inner) => (&**inner, true),
                    other => (other, false),
                };
                let hit = match list {
                    Answer::Many(items) => self.includes(*q, items.iter(), values, *mask),
                    Answer::Lines(lines) => {
                        // A line whose drugs are not documented may hold any of them.
                        open |= lines.iter().any(|l| l.unknown_drugs);
                        self.includes(*q, lines.iter().flat_map(|l| &l.drugs), values, *mask)
                    }
                    _ => return None,
                };
                // A list known only in part shows what it holds, never what it lacks, unless a
                // complete list that covers it lists none of what the test asks about.
                match (hit, open) {
                    (true, _) => Status::Met,
                    (false, false) => Status::NotMet,
                    (false, true) => match cover.and_then(|c| self.slot(c).map(|a| (c, a))) {
                        Some((c, Answer::Many(items))) if !self.includes(c, items.iter(), values, *mask) => {
                            Status::NotMet
                        }
                        _ => Status::Unknown,
                    },
                }
            }
            PPred::WithinDays(_, days) => {
                let since = self.date(*q)?.days_until(self.ctx.as_of);
                Status::from_bool((0..=*days).contains(&since))
            }
            PPred::WithinMonths(_, months) => {
                let date = self.date(*q)?;
                let from = self.ctx.as_of.months_before(*months);
                Status::from_bool(date <= self.ctx.as_of && from.is_none_or(|from| date >= from))
            }
            PPred::LinesDated(_) => match answer {
                Answer::Lines(lines) => Status::from_bool(lines.iter().all(|l| l.start.is_some())),
                // Lines known so far without a date already show the gap; more may lack one.
                Answer::Partial(inner) => match &**inner {
                    Answer::Lines(lines) if lines.iter().any(|l| l.start.is_none()) => Status::NotMet,
                    _ => Status::Unknown,
                },
                _ => return None,
            },
            PPred::Cmp(..) | PPred::Not(_) => return None,
        })
    }

    /// Whether the drug or option answer to question `q` (its `items`) includes one of `values`
    /// or a drug of a class in `mask`.
    fn includes<'i>(&self, q: u32, mut items: impl Iterator<Item = &'i String>, values: &[String], mask: u64) -> bool {
        let class_hit = mask != 0
            && self
                .bits
                .get(q as usize)
                .and_then(Option::as_ref)
                .is_some_and(|b| b.flat.iter().any(|b| b & mask != 0));
        class_hit || items.any(|d| values.contains(d))
    }

    pub(super) fn derived_value(&mut self, d: u32) -> Value {
        if let Some(Some(v)) = self.derived.get(d as usize) {
            return *v;
        }
        let value = match self.prog.derived.get(d as usize) {
            Some(&e) => self.expr(e),
            None => Value::Unknown,
        };
        if let Some(slot) = self.derived.get_mut(d as usize) {
            *slot = Some(value);
        }
        value
    }

    /// A derived value where it is known exactly.
    pub(super) fn derived_number(&mut self, d: u32) -> Option<f64> {
        self.derived_value(d).known()
    }

    pub(super) fn fold(&mut self, r: &std::ops::Range<u32>, f: fn(Value, Value) -> Value) -> Value {
        let prog = self.prog;
        let mut acc: Option<Value> = None;
        for &e in prog.operands(r) {
            let v = self.expr(e);
            acc = Some(acc.map_or(v, |a| f(a, v)));
        }
        acc.unwrap_or(Value::Unknown)
    }

    pub(super) fn expr(&mut self, e: u32) -> Value {
        let prog = self.prog;
        let as_of = self.ctx.as_of;
        let Some(expr) = prog.exprs.get(e as usize) else {
            return Value::Unknown;
        };
        match expr {
            PExpr::Q(q) => match self.slot(*q) {
                Some(Answer::Number(n)) => Value::Known(*n),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::D(d) => self.derived_value(*d),
            PExpr::Num(n) => Value::Known(*n),
            PExpr::Add(r) => self.fold(r, Value::add),
            PExpr::Mul(r) => self.fold(r, |a, b| Value::exact(a, b, |x, y| Some(x * y))),
            PExpr::Min(r) => self.fold(r, Value::min),
            PExpr::Max(r) => self.fold(r, Value::max),
            PExpr::Sub(a, b) => {
                let (a, b) = (self.expr(*a), self.expr(*b));
                Value::exact(a, b, |x, y| Some(x - y))
            }
            PExpr::Div(a, b) => {
                let (a, b) = (self.expr(*a), self.expr(*b));
                Value::exact(a, b, |x, y| (y != 0.0).then(|| x / y))
            }
            PExpr::DaysSince(q) => self.days(*q, as_of),
            PExpr::DaysBetween(from, to) => match (self.slot(*to), self.days(*from, as_of)) {
                (Some(Answer::Date(to)), from_days) => {
                    let to_days = as_of.days_until(*to) as f64;
                    from_days.map(|x| Some(x + to_days))
                }
                (Some(Answer::NotDone), _) => Value::Absent,
                (_, Value::Absent) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::YearsSince(q) => match self.slot(*q) {
                Some(Answer::Date(d)) => Value::Known(d.years_until(as_of) as f64),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::MonthsSince(q) => match self.slot(*q) {
                Some(Answer::Date(d)) => Value::Known(d.months_until(as_of) as f64),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::MonthsBetween(from, to) => match (self.slot(*from), self.slot(*to)) {
                (Some(Answer::Date(a)), Some(Answer::Date(b))) => Value::Known(a.months_until(*b) as f64),
                (Some(Answer::NotDone), _) | (_, Some(Answer::NotDone)) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::CountLines(q, mask) => {
                let count = match self.bits.get(*q as usize) {
                    Some(Some(b)) => b.per_line.iter().filter(|&&union| union & mask == *mask).count() as f64,
                    _ => 0.0,
                };
                match self.slot(*q) {
                    // A line whose drugs are not documented counts as a line, and may or may
                    // not hold the classes asked for.
                    Some(Answer::Lines(lines)) if *mask != 0 && lines.iter().any(|l| l.unknown_drugs) => {
                        Value::AtLeast(count)
                    }
                    Some(Answer::Lines(_)) => Value::Known(count),
                    Some(Answer::Partial(_)) => Value::AtLeast(count),
                    Some(Answer::NotDone) => Value::Absent,
                    _ => Value::Unknown,
                }
            }
            PExpr::Score(q, points) => match self.slot(*q) {
                Some(Answer::Choice(c)) => points
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or(Value::Unknown, |(_, v)| Value::Known(*v)),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::Bands(of, upto, values) => self.expr(*of).map(|x| {
                let i = upto.iter().position(|&u| x <= u || close(x, u)).unwrap_or(upto.len());
                values.get(i).copied()
            }),
        }
    }

    pub(super) fn gate(&mut self, r: &std::ops::Range<u32>) -> Option<Status> {
        let prog = self.prog;
        let preds = prog.gate(r);
        if preds.is_empty() {
            return None;
        }
        let mut out = Status::Met;
        // Every condition is evaluated (not short-circuited) so relevance can read them all.
        for &p in preds {
            match self.pred(p) {
                Status::NotMet => out = Status::NotMet,
                Status::Unknown if out != Status::NotMet => out = Status::Unknown,
                _ => {}
            }
        }
        Some(out)
    }

    pub(super) fn state(&self, i: u32) -> (Option<Status>, Status) {
        match self.nodes.get(i as usize) {
            Some(s) if s.done => (s.gate, s.inner),
            _ => (None, Status::NotApplicable),
        }
    }

    /// How node `i` counts inside an `all` (or as a section's root). A met node whose gate is
    /// still open and which carries a referral is undecided: if the gate closes, the referral
    /// goes with it (found by the soundness property).
    pub(super) fn all_view(&self, i: u32) -> Option<Status> {
        let (g, s) = self.state(i);
        match in_all(g, s) {
            Some(Status::Met) if g == Some(Status::Unknown) && !self.refer_of(i).is_empty() => Some(Status::Unknown),
            other => other,
        }
    }

    pub(super) fn refer_of(&self, i: u32) -> &[u32] {
        match self.nodes.get(i as usize) {
            Some(s) if s.done => self
                .refer_pool
                .get(s.refer.0 as usize..s.refer.1 as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Appends node `c`'s referral list to the one being built at the end of the pool.
    fn extend_refer(&mut self, c: u32) {
        if let Some(s) = self.nodes.get(c as usize).filter(|s| s.done) {
            let (a, b) = s.refer;
            if a < b {
                self.refer_pool.extend_from_within(a as usize..b as usize);
            }
        }
    }

    /// Evaluates node `i` (once) and returns its gate and inner status.
    pub(super) fn node(&mut self, i: u32) -> (Option<Status>, Status) {
        if let Some(s) = self.nodes.get(i as usize).filter(|s| s.done) {
            return (s.gate, s.inner);
        }
        let prog = self.prog;
        let Some(pn) = prog.nodes.get(i as usize) else {
            return (None, Status::Unknown);
        };
        let gate = self.gate(&pn.when);
        if gate == Some(Status::NotMet) {
            self.store(
                i,
                NodeState {
                    done: true,
                    gate,
                    inner: Status::NotApplicable,
                    refer: (0, 0),
                },
            );
            return (gate, Status::NotApplicable);
        }
        // Which children's referral lists this node carries when met; they are copied to the end
        // of the pool once every child has been evaluated (so the list stays contiguous).
        let mut carry = Carry::None;
        let inner = match &pn.kind {
            PKind::All(r) => {
                let kids = prog.children(r);
                let mut out = Status::Met;
                for &c in kids {
                    self.node(c);
                    match self.all_view(c) {
                        Some(Status::NotMet) => out = Status::NotMet,
                        Some(Status::Unknown) if out != Status::NotMet => out = Status::Unknown,
                        _ => {}
                    }
                }
                if out == Status::Met {
                    carry = Carry::AllMet(r.clone());
                }
                out
            }
            PKind::Any(r) => {
                let kids = prog.children(r);
                let (mut plain, mut referred, mut unknown) = (false, None, false);
                for &c in kids {
                    let (g, s) = self.node(c);
                    match in_any(g, s) {
                        Some(Status::Met) if self.refer_of(c).is_empty() => plain = true,
                        Some(Status::Met) => {
                            referred.get_or_insert(c);
                        }
                        Some(Status::Unknown) => unknown = true,
                        _ => {}
                    }
                }
                if plain {
                    Status::Met
                } else if let Some(first) = referred {
                    if unknown {
                        // Met only through a referral while a plain route is still open: the
                        // outcome could still be "meets", so it is not decided yet.
                        Status::Unknown
                    } else {
                        carry = Carry::One(first);
                        Status::Met
                    }
                } else if unknown {
                    Status::Unknown
                } else {
                    Status::NotMet
                }
            }
            PKind::AtLeast(k, r) => {
                let kids = prog.children(r);
                let (mut plain, mut referred, mut open) = (0u32, 0u32, 0u32);
                for &c in kids {
                    let (g, s) = self.node(c);
                    match in_any(g, s) {
                        Some(Status::Met) if self.refer_of(c).is_empty() => plain += 1,
                        Some(Status::Met) => referred += 1,
                        Some(Status::Unknown) => open += 1,
                        _ => {}
                    }
                }
                // As for `any`: a referral is needed only when the count cannot be reached
                // without the referred children, now or with the open ones.
                if plain >= *k {
                    Status::Met
                } else if plain + referred >= *k {
                    if plain + open >= *k {
                        Status::Unknown
                    } else {
                        carry = Carry::AnyMet(r.clone());
                        Status::Met
                    }
                } else if plain + referred + open >= *k {
                    Status::Unknown
                } else {
                    Status::NotMet
                }
            }
            PKind::Not(c) => {
                let (g, s) = self.node(*c);
                match (g, s) {
                    // A child that does not apply makes the negation not apply either.
                    (Some(Status::NotMet), _) | (_, Status::NotApplicable) => Status::NotApplicable,
                    // While the child's gate is open it may yet not apply: nothing is decided.
                    // (Found by the soundness property: `not` of a gated, met child was read
                    // as "not met" although the child could still drop out.)
                    (Some(Status::Unknown), _) => Status::Unknown,
                    (_, Status::Met) => Status::NotMet,
                    (_, Status::NotMet) => Status::Met,
                    (_, Status::Unknown) => Status::Unknown,
                }
            }
            PKind::Use(t) => {
                // Validation rejects `use` cycles, so this recursion ends.
                self.node(*t);
                let status = self.all_view(*t).unwrap_or(Status::Met);
                if status == Status::Met {
                    carry = Carry::One(*t);
                }
                status
            }
            PKind::Check(p) => self.pred(*p),
        };
        let start = self.refer_pool.len();
        if inner == Status::Met {
            match carry {
                Carry::None => {}
                Carry::One(c) => self.extend_refer(c),
                Carry::AllMet(r) => {
                    for &c in prog.children(&r) {
                        if self.all_view(c) == Some(Status::Met) {
                            self.extend_refer(c);
                        }
                    }
                }
                Carry::AnyMet(r) => {
                    for &c in prog.children(&r) {
                        let (g, s) = self.state(c);
                        if in_any(g, s) == Some(Status::Met) {
                            self.extend_refer(c);
                        }
                    }
                }
            }
            if !pn.refer.is_empty() {
                self.refer_pool.push(i);
            }
            // Consecutive repeats once, as `Vec::dedup` would.
            let mut w = start;
            for r in start..self.refer_pool.len() {
                if w == start || self.refer_pool[w - 1] != self.refer_pool[r] {
                    self.refer_pool[w] = self.refer_pool[r];
                    w += 1;
                }
            }
            self.refer_pool.truncate(w);
        }
        let refer = (start as u32, self.refer_pool.len() as u32);
        self.store(
            i,
            NodeState {
                done: true,
                gate,
                inner,
                refer,
            },
        );
        (gate, inner)
    }

    pub(super) fn store(&mut self, i: u32, state: NodeState) {
        if let Some(slot) = self.nodes.get_mut(i as usize) {
            *slot = state;
        }
    }

    pub(super) fn display_status(&self, i: u32) -> Status {
        match self.state(i) {
            (Some(Status::Unknown), _) => Status::Unknown,
            (Some(Status::NotMet), _) => Status::NotApplicable,
            (_, inner) => inner,
        }
    }
}

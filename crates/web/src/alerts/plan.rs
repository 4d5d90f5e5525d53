//! What is due: each confirmed subscription's reminders and digest, written
//! to the outbox with what was planned, in one transaction.
//!
//! Nothing is skipped because the process was down at its time: planning
//! covers every day since the last planned one (`reminded_through`), and a
//! digest covers every change since the last digest's change marker, so a
//! run after a gap catches up in one message. The times follow
//! Europe/Stockholm: digests are due from 07:00, daily or on Mondays.
//! Planning twice adds nothing: each message's `dedupe` names its
//! subscription and its day or period.

use jiff::civil::{Date, Time, Weekday};
use jiff::{Timestamp, ToSpan};
use samverkan_domain::GrantHit;
use samverkan_store::{Digest, Planned, Subscription};

use super::compose::{ComposeError, Composer, Mailing};
use super::{Follow, Selection, lang_of};
use crate::i18n::Lang;
use crate::state::AppState;

/// When a day's digest is due, in Swedish time.
pub const DIGEST_AT: Time = Time::constant(7, 0, 0, 0);

/// What one round of planning did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PlanReport {
    /// Confirmed subscriptions looked at.
    pub subscriptions: usize,
    /// New messages in the outbox.
    pub messages: u64,
    /// Subscriptions whose filter no longer fits the catalogue (an area
    /// removed, say): nothing is planned for them, and it is logged.
    pub unusable: usize,
}

/// Why planning stopped.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error(transparent)]
    Store(#[from] samverkan_store::StoreError),
    #[error(transparent)]
    Compose(#[from] ComposeError),
}

/// The digest period a moment falls in: a day (`2026-12-05`) or an ISO
/// week (`2026-W49`), each starting at 07:00 in Sweden (weeks on Monday);
/// with its name in words for the subject.
pub fn period(digest: Digest, now: Timestamp, lang: Lang) -> Option<(String, String)> {
    let local = now.to_zoned(samverkan_domain::time::sweden());
    let mut day = local.date();
    if local.time() < DIGEST_AT {
        day = day.yesterday().ok()?;
    }
    match digest {
        Digest::None => None,
        Digest::Daily => Some((day.to_string(), lang.date(&day))),
        Digest::Weekly => {
            let week = day.iso_week_date();
            let monday = day
                .checked_sub(i64::from(day.weekday().to_monday_zero_offset()).days())
                .ok()?;
            debug_assert_eq!(monday.weekday(), Weekday::Monday);
            Some((
                format!("{}-W{:02}", week.year(), week.week()),
                lang.tn(
                    "alerts-week",
                    &[("week", week.week().into()), ("date", lang.date(&monday).into())],
                ),
            ))
        }
    }
}

/// Whether a reminder of `deadline` is due in the days after `after` up to
/// `on`: some chosen number of days before it falls in them.
pub fn reminder_due(deadline: Date, days: &[u32], after: Date, on: Date) -> bool {
    deadline >= on
        && days.iter().any(|&d| {
            deadline
                .checked_sub(i64::from(d).days())
                .is_ok_and(|at| at > after && at <= on)
        })
}

/// Plans every confirmed subscription's reminders for the days up to `on`
/// and the digests due at `now`; and the editors' reminders of entries
/// falling due for a check ([`super::verify`]).
pub async fn plan(state: &AppState, now: Timestamp, on: Date) -> Result<PlanReport, AlertError> {
    let verify = super::verify::plan_verify_reminders(state, on).await?;
    let subs = state.store.confirmed_subscriptions().await?;
    let mut report = PlanReport {
        subscriptions: subs.len(),
        messages: verify,
        ..PlanReport::default()
    };
    if subs.is_empty() {
        return Ok(report);
    }
    let (catalog, search, marker) = state.snapshot_parts();
    // Messages are dated, and their links signed, as of when they are
    // written; `now` only says which digest period is due.
    let mailing = Mailing::with_catalog(state, catalog.clone()).await?;
    let composer = mailing.composer();
    // The grants changed after each marker a due digest starts from, read once per marker.
    let mut changes: std::collections::HashMap<i64, std::collections::HashMap<String, bool>> =
        Default::default();
    let mut planned = Vec::new();
    for sub in &subs {
        let lang = lang_of(&sub.lang);
        let selection = Follow::read(Some(&sub.filter))
            .map_err(|e| e.message)
            .and_then(|f| f.select(&catalog, &search).map_err(|e| e.to_string()));
        let selection = match selection {
            Ok(s) => s,
            Err(reason) => {
                tracing::warn!(subscription = %sub.id, %reason, "a subscription's filter no longer fits the catalogue; nothing is planned for it");
                report.unusable += 1;
                continue;
            }
        };
        let hits: Vec<GrantHit<'_>> = match &selection {
            Selection::Query(q) => catalog.find_grants(q, on),
            Selection::Grant(id) => catalog
                .grant(id.as_str())
                .map(|g| catalog.hit(g, on))
                .into_iter()
                .collect(),
        };
        let mut done = Planned {
            subscription_id: sub.id.clone(),
            before: sub.plan_state(),
            after: sub.plan_state(),
            messages: Vec::new(),
        };
        plan_reminders(&composer, sub, &hits, on, &mut done)?;
        if let Some((period, period_text)) = period(sub.digest, now, lang)
            && sub
                .digest_period
                .as_deref()
                .is_none_or(|last| last < period.as_str())
        {
            let after = sub.digest_marker.unwrap_or(marker);
            if after < marker {
                let changed = match changes.entry(after) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => e.insert(
                        state
                            .store
                            .grant_changes(after, marker)
                            .await?
                            .into_iter()
                            .collect(),
                    ),
                };
                let listed: Vec<(GrantHit<'_>, bool)> = hits
                    .iter()
                    .filter_map(|h| changed.get(h.grant.id.as_str()).map(|&new| (h.clone(), new)))
                    .collect();
                if !listed.is_empty() {
                    done.messages
                        .push(composer.digest(sub, &listed, on, &period, &period_text)?);
                }
            }
            done.after.digest_marker = Some(marker.max(after));
            done.after.digest_period = Some(period);
        }
        if done.after != done.before {
            planned.push(done);
        }
    }
    // Each subscription's messages are stored only if no other planner
    // (another instance, a cron run) moved its state since it was read.
    report.messages += state.store.record_planned(&planned).await?;
    if report.messages > 0 {
        state.alerts.wake.notify_one();
    }
    Ok(report)
}

/// The reminders due for `sub` in the days after its last planned day up to `on`.
fn plan_reminders(
    composer: &Composer<'_>,
    sub: &Subscription,
    hits: &[GrantHit<'_>],
    on: Date,
    done: &mut Planned,
) -> Result<(), AlertError> {
    if sub.reminder_days.is_empty() {
        return Ok(());
    }
    let after = sub
        .reminded_through
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok())
        .unwrap_or_else(|| on.yesterday().unwrap_or(on));
    if on <= after {
        return Ok(());
    }
    let due: Vec<GrantHit<'_>> = hits
        .iter()
        .filter(|h| {
            h.next_deadline
                .is_some_and(|d| reminder_due(d, &sub.reminder_days, after, on))
        })
        .cloned()
        .collect();
    if !due.is_empty() {
        done.messages.push(composer.reminder(sub, &due, on)?);
    }
    done.after.reminded_through = Some(on.to_string());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_reminder_is_due_once_its_day_is_reached_and_caught_up_after_a_gap() {
        let deadline = d("2027-03-31");
        let days = [14, 3];
        assert!(!reminder_due(deadline, &days, d("2027-03-15"), d("2027-03-16")));
        assert!(
            reminder_due(deadline, &days, d("2027-03-16"), d("2027-03-17")),
            "14 days before"
        );
        assert!(!reminder_due(deadline, &days, d("2027-03-17"), d("2027-03-27")));
        assert!(
            reminder_due(deadline, &days, d("2027-03-27"), d("2027-03-28")),
            "3 days before"
        );
        // Down from the 10th to the 20th: the 14-day reminder comes on the 20th.
        assert!(reminder_due(deadline, &days, d("2027-03-10"), d("2027-03-20")));
        // Past the deadline, nothing.
        assert!(!reminder_due(deadline, &days, d("2027-03-27"), d("2027-04-01")));
    }

    #[test]
    fn digest_periods_start_at_seven_in_sweden() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        // 06:59 in Stockholm (UTC+1 in winter) is still the day before.
        let p = |t: &str, digest| period(digest, at(t), Lang::Sv).map(|p| p.0);
        assert_eq!(
            p("2026-12-05T05:59:00Z", Digest::Daily).as_deref(),
            Some("2026-12-04")
        );
        assert_eq!(
            p("2026-12-05T06:00:00Z", Digest::Daily).as_deref(),
            Some("2026-12-05")
        );
        // Monday 7 December 2026 at 07:00 starts week 50.
        assert_eq!(
            p("2026-12-07T05:59:00Z", Digest::Weekly).as_deref(),
            Some("2026-W49")
        );
        assert_eq!(
            p("2026-12-07T06:00:00Z", Digest::Weekly).as_deref(),
            Some("2026-W50")
        );
        // Summer time: 07:00 is 05:00 UTC.
        assert_eq!(
            p("2027-06-01T05:00:00Z", Digest::Daily).as_deref(),
            Some("2027-06-01")
        );
        assert_eq!(p("2026-12-05T12:00:00Z", Digest::None), None);
        let (_, text) = period(Digest::Weekly, at("2026-12-09T12:00:00Z"), Lang::Sv).unwrap();
        assert!(text.contains("50") && text.contains("7 december 2026"), "{text}");
    }
}

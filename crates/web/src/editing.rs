//! The one editing service that the editors' forms and the write API both
//! call: create, change, mark as checked, retire and restore an entry, as one
//! named author, under the store's version rule. Every successful write
//! reloads this instance's catalogue before it returns, so the answer to the
//! write (and the page after it) already shows it.
//!
//! Only actors, grants and initiatives are edited here; the vocabularies
//! (areas, applicant types, perspectives) change only through an import.
//!
//! Who may change what is decided here too, for forms and the API alike
//! ([`Scope`]): admins and the service's own editors everything; an
//! organisation's editors (an account that belongs to one or more actors)
//! only their actors' own entries, the grants those actors provide and the
//! initiatives they take part in, checked against the entry as stored and
//! as it would become, so that a grant cannot be moved into or out of
//! another organisation by changing its provider.

use jiff::civil::Date;
use samverkan_domain::{Entry, EntryKind, Slug};
use samverkan_store::{
    Change, Expect, Proposal, ProposalStatus, Revision, Role, Store, StoreError, StoredEntry, User,
};

use crate::state::AppState;

/// The kinds of entry that can be edited.
pub const EDITABLE: [EntryKind; 3] = [EntryKind::Actor, EntryKind::Grant, EntryKind::Initiative];

/// Why an edit did not happen.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The entry does not exist, or has been retired.
    #[error("there is no current {kind} \"{id}\"")]
    NotCurrent { kind: EntryKind, id: String },
    /// The account may not make this change (see [`Scope`]).
    #[error("{0}")]
    Forbidden(String),
    /// A revision of a kind that is not edited here.
    #[error(
        "revision {revision} is of a {kind}, which cannot be restored here; only actors, grants and initiatives can"
    )]
    NotEditable { revision: i64, kind: EntryKind },
    /// There is no such proposal.
    #[error("there is no proposal \"{0}\"")]
    NoProposal(String),
    /// The proposal was approved, rejected or withdrawn already.
    #[error("the proposal \"{0}\" has been decided already")]
    Decided(String),
    /// The published entry changed, since the proposal was made, in the
    /// same fields the proposal changes: it cannot be approved as it is.
    #[error(
        "the entry has changed since the proposal was made, in {}: the proposal cannot be approved without overwriting that; reject it, or make the change again on the current version",
        .0.join(", ")
    )]
    ProposalConflict(Vec<String>),
    /// A rejection needs a reason.
    #[error("a rejection needs a reason, for the author")]
    NoReason,
    /// A check dated after today.
    #[error("`verified` is {0}, after today: an entry can only have been checked on or before today")]
    FutureCheck(Date),
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub kind: EntryKind,
    pub id: String,
    /// The entry's version now.
    pub version: i64,
    /// Set when the change was kept as a proposal for review instead of
    /// being published (the version is then the published one).
    pub proposal: Option<String>,
}

/// What an account may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Admins and the service's own editors (who belong to no organisation).
    Everything,
    /// An organisation's editor: what these actors own.
    Organisations(Vec<String>),
}

impl Scope {
    /// The scope of an account.
    pub async fn of(store: &Store, user: &User) -> Result<Scope, StoreError> {
        if user.role == Role::Admin {
            return Ok(Scope::Everything);
        }
        let organisations = store.organisations_of(&user.username).await?;
        Ok(if organisations.is_empty() {
            Scope::Everything
        } else {
            Scope::Organisations(organisations)
        })
    }

    /// Whether the entry is one this scope keeps: an actor's own entry, a
    /// grant it provides, an initiative it takes part in.
    pub fn owns(&self, entry: &Entry) -> bool {
        self.covers(owners(entry))
    }

    /// Whether any of `owners` (actor ids) is in this scope.
    pub fn covers<'o>(&self, owners: impl IntoIterator<Item = &'o str>) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Organisations(ids) => owners.into_iter().any(|o| ids.iter().any(|i| i == o)),
        }
    }

    /// Whether the entry `kind`/`id` of the catalogue, as it is now, is one
    /// this scope keeps (an entry not in the catalogue is nobody's but the
    /// service's).
    pub fn covers_in(&self, catalog: &samverkan_domain::Catalog, kind: EntryKind, id: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Organisations(_) => match kind {
                EntryKind::Grant => catalog
                    .grant(id)
                    .is_some_and(|g| self.covers([g.provider.as_str()])),
                EntryKind::Actor => catalog.actor(id).is_some_and(|a| self.covers([a.id.as_str()])),
                EntryKind::Initiative => catalog
                    .initiative(id)
                    .is_some_and(|i| self.covers(i.participants.iter().map(|p| p.as_str()))),
                _ => false,
            },
        }
    }

    /// The organisation this scope checks `entry` for: the first of its
    /// organisations that owns it; `None` for the service's editors.
    pub fn verifier(&self, entry: &Entry) -> Option<Slug> {
        match self {
            Scope::Everything => None,
            Scope::Organisations(ids) => owners(entry)
                .into_iter()
                .find(|o| ids.iter().any(|i| i == o))
                .and_then(|o| Slug::parse(o).ok()),
        }
    }

    /// `after` with its check recorded honestly: a changed `verified` date
    /// is this scope's check (whatever `verified_by` the form or body
    /// says); an unchanged one keeps who made it.
    pub fn stamp(&self, before: Option<&Entry>, after: Entry) -> Entry {
        let Some((on, _)) = after.verification() else {
            return after;
        };
        match before.and_then(|b| b.verification()) {
            Some((was, by)) if was == on => {
                let by = by.cloned();
                after.verified_on(on, by)
            }
            _ => {
                let by = self.verifier(&after);
                after.verified_on(on, by)
            }
        }
    }

    /// Refuses a check dated after today (Swedish time): it would put the
    /// next check out of reach and claim one that never happened.
    pub fn check_date(entry: &Entry) -> Result<(), EditError> {
        match entry.verification() {
            Some((on, _)) if on > samverkan_domain::time::today_in_sweden() => {
                Err(EditError::FutureCheck(on))
            }
            _ => Ok(()),
        }
    }

    /// Whether this scope may add entries of `kind` at all (an
    /// organisation's editor cannot add actors).
    pub fn may_add(&self, kind: EntryKind) -> bool {
        matches!(self, Scope::Everything) || kind != EntryKind::Actor
    }

    /// Whether this scope may turn `before` (the entry as stored; `None`
    /// for a new one) into `after` (`None` to retire it); if not, why.
    pub fn allows(&self, before: Option<&Entry>, after: Option<&Entry>) -> Result<(), EditError> {
        let Scope::Organisations(ids) = self else {
            return Ok(());
        };
        let names = ids.join(", ");
        let refuse = |why: String| Err(EditError::Forbidden(why));
        let entry = match after.or(before) {
            Some(e) => e,
            None => return Ok(()),
        };
        let (kind, id) = (entry.kind(), entry.id().to_string());
        match (kind, before, after) {
            (EntryKind::Actor, None, _) => refuse(format!(
                "an organisation's editor cannot add actors; ask the service's editors to add \"{id}\""
            )),
            (EntryKind::Actor | EntryKind::Initiative, Some(_), None) => refuse(format!(
                "an organisation's editor cannot retire the {kind} \"{id}\"; ask the service's editors"
            )),
            _ => {
                // A shared initiative's other participants stay as they are:
                // an organisation adds or removes only its own actors.
                if let (Some(Entry::Initiative(b)), Some(Entry::Initiative(a))) = (before, after) {
                    let others = |i: &samverkan_domain::Initiative| -> Vec<String> {
                        let mut o: Vec<String> = i
                            .participants
                            .iter()
                            .filter(|p| !ids.iter().any(|id| id == p.as_str()))
                            .map(|p| p.to_string())
                            .collect();
                        o.sort();
                        o
                    };
                    if others(b) != others(a) {
                        return refuse(format!(
                            "the initiative \"{id}\" is shared: an organisation's editor can add or remove only its own organisations among its participants"
                        ));
                    }
                }
                for (which, e) in [("is", before), ("would be", after)] {
                    if let Some(e) = e
                        && !self.owns(e)
                    {
                        return refuse(format!(
                            "the {kind} \"{id}\" {which} not one of {}'s own ({}); it can be changed only by its own organisation or the service's editors",
                            names,
                            match kind {
                                EntryKind::Grant => "a grant they provide",
                                EntryKind::Initiative => "an initiative they take part in",
                                _ => "their own entry",
                            }
                        ));
                    }
                }
                Ok(())
            }
        }
    }
}

/// The actors that own an entry.
fn owners(entry: &Entry) -> Vec<&str> {
    match entry {
        Entry::Actor(a) => vec![a.id.as_str()],
        Entry::Grant(g) => vec![g.provider.as_str()],
        Entry::Initiative(i) => i.participants.iter().map(|p| p.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Edits made by one account.
pub struct Editing<'a> {
    state: &'a AppState,
    author: &'a str,
    user: &'a User,
}

impl<'a> Editing<'a> {
    pub fn new(state: &'a AppState, user: &'a User) -> Self {
        Editing {
            state,
            author: &user.username,
            user,
        }
    }

    /// Refuses the change unless the account may make it; the account's
    /// scope if it may.
    async fn check(&self, before: Option<&Entry>, after: Option<&Entry>) -> Result<Scope, EditError> {
        let scope = Scope::of(&self.state.store, self.user).await?;
        scope.allows(before, after)?;
        Ok(scope)
    }

    fn change<'c>(&'c self, comment: &'c str) -> Change<'c> {
        Change {
            author: self.author,
            comment,
        }
    }

    async fn done(&self, kind: EntryKind, id: &str, version: i64) -> Written {
        crate::metrics::write_done("written");
        self.state.reload_after_write().await;
        Written {
            kind,
            id: id.to_string(),
            version,
            proposal: None,
        }
    }

    /// Whether this account's change of `before` into `after` must be
    /// reviewed: never an admin's; everyone else's where review is on for
    /// the whole site; an organisation's editor's where it is on for one of
    /// their organisations that owns the entry, and always for an
    /// initiative shared with other organisations.
    async fn needs_review(
        &self,
        scope: &Scope,
        before: Option<&Entry>,
        after: Option<&Entry>,
    ) -> Result<bool, EditError> {
        if self.user.role == Role::Admin {
            return Ok(false);
        }
        let required = self.state.store.review_scopes().await?;
        if required.iter().any(|r| r == "*") {
            return Ok(true);
        }
        let Scope::Organisations(ids) = scope else {
            return Ok(false);
        };
        // An initiative that names other organisations, as it is or would
        // become, is theirs too.
        let shared = [before, after].into_iter().flatten().any(|e| match e {
            Entry::Initiative(i) => i
                .participants
                .iter()
                .any(|p| !ids.iter().any(|id| id == p.as_str())),
            _ => false,
        });
        let reviewed = [before, after].into_iter().flatten().any(|e| {
            owners(e)
                .into_iter()
                .any(|o| ids.iter().any(|i| i == o) && required.iter().any(|r| r == o))
        });
        Ok(shared || reviewed)
    }

    /// Whether this account's change of `entry` would be kept as a proposal
    /// (for the edit form to say so beforehand).
    pub async fn review_applies(&self, entry: &Entry) -> Result<bool, EditError> {
        let scope = Scope::of(&self.state.store, self.user).await?;
        self.needs_review(&scope, Some(entry), Some(entry)).await
    }

    /// Keeps the change as a proposal: valid as it would be published, and
    /// made from `base` (the stored entry; `None` for a new one).
    async fn propose(
        &self,
        kind: EntryKind,
        id: &str,
        base: Option<&StoredEntry>,
        after: Option<&Entry>,
        comment: &str,
    ) -> Result<Written, EditError> {
        if let Some(entry) = after {
            self.state.store.validate_put(entry).await?;
        }
        let proposal = samverkan_store::NewProposal {
            id: crate::alerts::new_id(),
            kind,
            entry_id: id.to_string(),
            base_version: base.map(|b| b.version),
            before: base.map(|b| b.entry.to_json()),
            after: after.map(Entry::to_json),
            author: self.author.to_string(),
            comment: comment.to_string(),
        };
        // One open proposal per author and entry: a new one replaces it.
        self.state
            .store
            .withdraw_proposals(self.author, kind, id, "replaced by a newer proposal")
            .await?;
        self.state.store.add_proposal(&proposal).await?;
        crate::metrics::write_done("proposed");
        tracing::info!(proposal = %proposal.id, kind = %kind, id, author = self.author, "change proposed for review");
        Ok(Written {
            kind,
            id: id.to_string(),
            version: base.map_or(0, |b| b.version),
            proposal: Some(proposal.id),
        })
    }

    /// The entry as it is now, if it exists and is not retired.
    pub async fn current(&self, kind: EntryKind, id: &str) -> Result<StoredEntry, EditError> {
        match self.state.store.get(kind, id).await? {
            Some(stored) if !stored.retired => Ok(stored),
            _ => Err(EditError::NotCurrent {
                kind,
                id: id.to_string(),
            }),
        }
    }

    /// The current entry, which must be at `version`: the permission check
    /// is made against it, and the write that follows expects the same
    /// version, so what was checked is what is changed.
    async fn at_version(&self, kind: EntryKind, id: &str, version: i64) -> Result<StoredEntry, EditError> {
        let stored = self.current(kind, id).await?;
        if stored.version != version {
            return Err(EditError::Store(StoreError::Conflict {
                kind,
                id: id.to_string(),
                expected: version.to_string(),
                actual: stored.version,
            }));
        }
        Ok(stored)
    }

    /// Adds a new entry; its id must be free.
    pub async fn create(&self, entry: Entry, comment: &str) -> Result<Written, EditError> {
        let (kind, id) = (entry.kind(), entry.id().to_string());
        let scope = self.check(None, Some(&entry)).await?;
        Scope::check_date(&entry)?;
        let entry = scope.stamp(None, entry);
        if self.needs_review(&scope, None, Some(&entry)).await? {
            if let Some(existing) = self.state.store.get(kind, &id).await? {
                return Err(StoreError::Conflict {
                    kind,
                    id,
                    expected: "new".into(),
                    actual: existing.version,
                }
                .into());
            }
            return self.propose(kind, &id, None, Some(&entry), comment).await;
        }
        let version = self
            .state
            .store
            .put(entry, Expect::New, &self.change(comment))
            .await?;
        Ok(self.done(kind, &id, version).await)
    }

    /// Replaces a current entry, made from `version`. The version stays the
    /// same when nothing changed.
    pub async fn update(&self, entry: Entry, version: i64, comment: &str) -> Result<Written, EditError> {
        let (kind, id) = (entry.kind(), entry.id().to_string());
        // Checked against the entry as stored: the write below is refused
        // (a conflict) unless it is still at `version`, so what was checked
        // is what is changed.
        let stored = self.at_version(kind, &id, version).await?;
        let scope = self.check(Some(&stored.entry), Some(&entry)).await?;
        if entry.verification() != stored.entry.verification() {
            Scope::check_date(&entry)?;
        }
        let entry = scope.stamp(Some(&stored.entry), entry);
        if entry != stored.entry
            && self
                .needs_review(&scope, Some(&stored.entry), Some(&entry))
                .await?
        {
            return self
                .propose(kind, &id, Some(&stored), Some(&entry), comment)
                .await;
        }
        let version = self
            .state
            .store
            .put(entry, Expect::Version(version), &self.change(comment))
            .await?;
        Ok(self.done(kind, &id, version).await)
    }

    /// Records that a current entry was checked against its source on `on`.
    pub async fn mark_verified(
        &self,
        kind: EntryKind,
        id: &str,
        version: i64,
        on: Date,
        comment: &str,
    ) -> Result<Written, EditError> {
        let stored = self.at_version(kind, id, version).await?;
        let scope = self.check(Some(&stored.entry), Some(&stored.entry)).await?;
        let by = scope.verifier(&stored.entry);
        let entry = stored.entry.verified_on(on, by);
        let version = self
            .state
            .store
            .put(entry, Expect::Version(version), &self.change(comment))
            .await?;
        Ok(self.done(kind, id, version).await)
    }

    /// Takes an entry out of the catalogue; its history stays.
    pub async fn retire(
        &self,
        kind: EntryKind,
        id: &str,
        version: i64,
        comment: &str,
    ) -> Result<Written, EditError> {
        let stored = self.at_version(kind, id, version).await?;
        let scope = self.check(Some(&stored.entry), None).await?;
        if self.needs_review(&scope, Some(&stored.entry), None).await? {
            return self.propose(kind, id, Some(&stored), None, comment).await;
        }
        let version = self
            .state
            .store
            .retire(kind, id, Expect::Version(version), &self.change(comment))
            .await?;
        Ok(self.done(kind, id, version).await)
    }

    /// Makes an entry as it was right after `revision`, as a new revision.
    /// Without a comment, `default_comment` words one from the revision.
    pub async fn restore(
        &self,
        revision: i64,
        comment: Option<&str>,
        default_comment: impl FnOnce(&Revision) -> String,
    ) -> Result<Written, EditError> {
        let target = self
            .state
            .store
            .revision(revision)
            .await?
            .ok_or(StoreError::NoRevision(revision))?;
        if !EDITABLE.contains(&target.kind) {
            return Err(EditError::NotEditable {
                revision,
                kind: target.kind,
            });
        }
        // What the entry is now, and what it would become: a retired entry
        // is checked as absent (bringing it back is adding it), a revision
        // that retired it as retiring it. The restore expects the version
        // checked.
        let now = self
            .state
            .store
            .get(target.kind, target.entry_id.as_str())
            .await?;
        let restored = target.entry().ok_or_else(|| StoreError::Corrupt {
            kind: target.kind.as_str().to_string(),
            id: target.entry_id.to_string(),
            message: format!("revision {revision} cannot be read"),
        })?;
        let before = now.as_ref().filter(|n| !n.retired).map(|n| &n.entry);
        let after = (!target.retired).then_some(&restored);
        let scope = self.check(before, after).await?;
        let comment = match comment {
            Some(c) if !c.is_empty() => c.to_string(),
            _ => default_comment(&target),
        };
        // Restoring is a change like any other: reviewed where review is on.
        if self.needs_review(&scope, before, after).await? {
            return match now.as_ref().filter(|n| !n.retired) {
                Some(current) => {
                    let after = after.map(|a| scope.stamp(Some(&current.entry), a.clone()));
                    self.propose(
                        target.kind,
                        target.entry_id.as_str(),
                        Some(current),
                        after.as_ref(),
                        &comment,
                    )
                    .await
                }
                None => Err(EditError::Forbidden(
                    "where review is on, a removed entry is brought back by an admin".into(),
                )),
            };
        }
        let expect = now.as_ref().map_or(Expect::New, |n| Expect::Version(n.version));
        let version = self
            .state
            .store
            .restore_expecting(revision, expect, &self.change(&comment))
            .await?;
        Ok(self.done(target.kind, target.entry_id.as_str(), version).await)
    }

    /// The open proposal `id`, which this account may decide: never its
    /// author; an admin; an editor of an organisation that owns the entry
    /// (as it is and as proposed); or, for a proposal by one of the
    /// service's editors, another of them.
    async fn reviewable(&self, id: &str) -> Result<(Proposal, Option<StoredEntry>), EditError> {
        let p = self.open_proposal(id).await?;
        if self.proposed(&p) {
            return Err(EditError::Forbidden(
                "a proposal is approved or rejected by someone other than its author".into(),
            ));
        }
        let now = self.state.store.get(p.kind, &p.entry_id).await?;
        if !self.may_review(&p, now.as_ref().map(|n| &n.entry)).await? {
            return Err(EditError::Forbidden(format!(
                "the proposal for the {} \"{}\" is reviewed by its own organisation's editors or an admin",
                p.kind, p.entry_id
            )));
        }
        Ok((p, now))
    }

    /// Whether this account made `p`: wrote it, or gave the address of the
    /// file whose harvest proposed it.
    fn proposed(&self, p: &Proposal) -> bool {
        p.author == self.author
            || crate::harvest::author_parts(&p.author).is_some_and(|(_, setter)| setter == self.author)
    }

    /// Whether this account may review `p` (see [`Editing::reviewable`]),
    /// `now` being the entry as published.
    pub async fn may_review(&self, p: &Proposal, now: Option<&Entry>) -> Result<bool, EditError> {
        let scope = Scope::of(&self.state.store, self.user).await?;
        self.may_review_in(&scope, p, now).await
    }

    /// [`Editing::may_review`] with the account's scope read already (the
    /// dashboard asks for many proposals).
    pub async fn may_review_in(
        &self,
        scope: &Scope,
        p: &Proposal,
        now: Option<&Entry>,
    ) -> Result<bool, EditError> {
        if self.proposed(p) {
            return Ok(false);
        }
        if self.user.role == Role::Admin {
            return Ok(true);
        }
        Ok(match scope {
            // The service's editors review each other's proposals, not an
            // organisation's (nor its harvest's).
            Scope::Everything => {
                !p.author.starts_with(crate::harvest::AUTHOR_PREFIX)
                    && self.state.store.organisations_of(&p.author).await?.is_empty()
            }
            // An editor of the organisation that keeps the entry as it is
            // now, and (where the proposal would move it) as it would be.
            Scope::Organisations(_) => {
                let proposed = p.after.as_ref().and_then(|v| Entry::from_json(p.kind, v).ok());
                match (now, proposed.as_ref()) {
                    (Some(n), Some(a)) => scope.owns(n) && scope.owns(a),
                    (Some(e), None) | (None, Some(e)) => scope.owns(e),
                    (None, None) => false,
                }
            }
        })
    }

    async fn open_proposal(&self, id: &str) -> Result<Proposal, EditError> {
        let p = self
            .state
            .store
            .proposal(id)
            .await?
            .ok_or_else(|| EditError::NoProposal(id.to_string()))?;
        if p.status != ProposalStatus::Open {
            return Err(EditError::Decided(id.to_string()));
        }
        Ok(p)
    }

    /// Approves a proposal: publishes it as its author's change, onto the
    /// entry as it is now. A proposal made from an older version is
    /// rebased when the fields it changes were not changed since, and is
    /// a conflict when they were.
    pub async fn approve(&self, id: &str, note: &str) -> Result<Written, EditError> {
        let (p, now) = self.reviewable(id).await?;
        let current = now.as_ref().filter(|n| !n.retired);
        let author = self.state.store.user(&p.author).await?;
        if author.as_ref().is_some_and(|u| u.disabled) {
            return Err(EditError::Forbidden(
                "the proposal's author's account is disabled; reject the proposal, or make the change yourself".into(),
            ));
        }
        let author_scope = match (&author, crate::harvest::author_parts(&p.author)) {
            (Some(u), _) => Scope::of(&self.state.store, u).await?,
            // A harvest acts for the one organisation whose file it read.
            (None, Some((org, _))) => Scope::Organisations(vec![org.to_string()]),
            (None, None) => Scope::Organisations(Vec::new()),
        };
        let unreadable = |what: &str| StoreError::Corrupt {
            kind: "proposal".into(),
            id: p.id.clone(),
            message: format!("its {what} cannot be read"),
        };
        // What the entry becomes, and the version that is written over.
        let (target, expect) = match (&p.after, p.base_version, current) {
            (Some(after), None, None) => {
                if let Some(n) = &now {
                    return Err(EditError::Store(StoreError::Conflict {
                        kind: p.kind,
                        id: p.entry_id.clone(),
                        expected: "new".into(),
                        actual: n.version,
                    }));
                }
                (Some(after.clone()), Expect::New)
            }
            (Some(after), Some(base), Some(n)) => {
                let merged = if n.version == base {
                    after.clone()
                } else {
                    let before = p.before.as_ref().ok_or_else(|| unreadable("base"))?;
                    rebase(before, after, &n.entry.to_json()).map_err(EditError::ProposalConflict)?
                };
                (Some(merged), Expect::Version(n.version))
            }
            (None, Some(base), Some(n)) if n.version == base => (None, Expect::Version(n.version)),
            (None, Some(_), Some(_)) => return Err(EditError::ProposalConflict(vec!["*".into()])),
            _ => {
                return Err(EditError::NotCurrent {
                    kind: p.kind,
                    id: p.entry_id.clone(),
                });
            }
        };
        let target = target
            .map(|v| Entry::from_json(p.kind, &v).map_err(|_| unreadable("entry")))
            .transpose()?;
        // The author must still be allowed to make the change.
        author_scope.allows(current.map(|n| &n.entry), target.as_ref())?;
        let comment = if p.comment.is_empty() {
            format!("(godkänd av {})", self.author)
        } else {
            format!("{} (godkänd av {})", p.comment, self.author)
        };
        let change = Change {
            author: &p.author,
            comment: &comment,
        };
        let store = &self.state.store;
        // The decision is claimed before anything is published: a proposal
        // withdrawn or rejected at the same moment is not published.
        let note = (!note.trim().is_empty()).then_some(note.trim());
        if !store
            .decide_proposal(&p.id, ProposalStatus::Approved, self.author, note)
            .await?
        {
            return Err(EditError::Decided(p.id));
        }
        let written = match target {
            Some(entry) => {
                let entry = author_scope.stamp(current.map(|n| &n.entry), entry);
                store.put(entry, expect, &change).await
            }
            None => store.retire(p.kind, &p.entry_id, expect, &change).await,
        };
        let version = match written {
            Ok(v) => v,
            Err(e) => {
                // Not published: the proposal waits again.
                store.reopen_proposal(&p.id).await?;
                return Err(e.into());
            }
        };
        tracing::info!(proposal = %p.id, by = self.author, "proposal approved");
        Ok(self.done(p.kind, &p.entry_id, version).await)
    }

    /// Rejects a proposal, with a reason for its author.
    pub async fn reject(&self, id: &str, reason: &str) -> Result<Proposal, EditError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(EditError::NoReason);
        }
        let (p, _) = self.reviewable(id).await?;
        if !self
            .state
            .store
            .decide_proposal(&p.id, ProposalStatus::Rejected, self.author, Some(reason))
            .await?
        {
            return Err(EditError::Decided(p.id));
        }
        tracing::info!(proposal = %p.id, by = self.author, "proposal rejected");
        Ok(p)
    }

    /// Takes back one's own open proposal.
    pub async fn withdraw(&self, id: &str) -> Result<(), EditError> {
        let p = self.open_proposal(id).await?;
        if p.author != self.author {
            return Err(EditError::Forbidden(
                "only its author can take back a proposal".into(),
            ));
        }
        self.state
            .store
            .decide_proposal(&p.id, ProposalStatus::Withdrawn, self.author, None)
            .await?;
        Ok(())
    }

    /// Comments on a proposal: its author or anyone who may review it.
    pub async fn comment(&self, id: &str, text: &str) -> Result<(), EditError> {
        let p = self.open_proposal(id).await?;
        let now = self.state.store.get(p.kind, &p.entry_id).await?;
        if p.author != self.author && !self.may_review(&p, now.as_ref().map(|n| &n.entry)).await? {
            return Err(EditError::Forbidden(
                "only the proposal's author and those who may review it can comment on it".into(),
            ));
        }
        self.state
            .store
            .add_proposal_comment(&crate::alerts::new_id(), &p.id, self.author, text.trim())
            .await?;
        Ok(())
    }
}

/// `after` (a proposal made from `before`) moved onto `now`, field by
/// field: the fields the proposal changes are taken from it, the rest from
/// `now`. The fields both changed differently are a conflict, named.
pub fn rebase(
    before: &serde_json::Value,
    after: &serde_json::Value,
    now: &serde_json::Value,
) -> Result<serde_json::Value, Vec<String>> {
    let empty = serde_json::Map::new();
    let (b, a, n) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
        now.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut merged = n.clone();
    let mut clashes = Vec::new();
    for k in keys {
        let (kb, ka, kn) = (b.get(k), a.get(k), n.get(k));
        if kb == ka {
            continue;
        }
        if kb != kn && ka != kn {
            clashes.push(k.clone());
            continue;
        }
        match ka {
            Some(v) => merged.insert(k.clone(), v.clone()),
            None => merged.remove(k),
        };
    }
    if clashes.is_empty() {
        Ok(serde_json::Value::Object(merged))
    } else {
        Err(clashes)
    }
}

#[cfg(test)]
mod tests {
    use super::rebase;
    use serde_json::json;

    #[test]
    fn a_proposal_is_rebased_onto_other_fields_and_conflicts_on_its_own() {
        let before = json!({"id": "g", "title": "A", "url": "https://a.se/", "verified": "2026-01-01"});
        let after = json!({"id": "g", "title": "B", "url": "https://a.se/", "verified": "2026-01-01"});
        // Someone changed another field since: the proposal moves onto it.
        let now = json!({"id": "g", "title": "A", "url": "https://b.se/", "verified": "2026-01-01"});
        assert_eq!(
            rebase(&before, &after, &now),
            Ok(json!({"id": "g", "title": "B", "url": "https://b.se/", "verified": "2026-01-01"}))
        );
        // Someone changed the same field otherwise: a conflict, named.
        let now = json!({"id": "g", "title": "C", "url": "https://a.se/", "verified": "2026-01-01"});
        assert_eq!(rebase(&before, &after, &now), Err(vec!["title".to_string()]));
        // The same change on both sides is no conflict; a removed field stays removed.
        let after = json!({"id": "g", "title": "C", "verified": "2026-01-01"});
        assert_eq!(
            rebase(&before, &after, &now),
            Ok(json!({"id": "g", "title": "C", "verified": "2026-01-01"}))
        );
    }
}

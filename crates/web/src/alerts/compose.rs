//! The messages: each a multipart/alternative of plain text and HTML, in the
//! subscription's language, built with lettre's message builder (which
//! encodes headers and bodies by RFC 2047 and 2045 as needed), with `Date`,
//! `Message-ID`, `List-Id`, `Auto-Submitted` and, on every message of a
//! confirmed subscription, RFC 8058's `List-Unsubscribe` and
//! `List-Unsubscribe-Post`.
//!
//! The HTML part comes from an askama template (auto-escaping) with inline
//! styles, since mail programs drop style sheets; the plain part says the
//! same in the same order.

use std::time::SystemTime;

use askama::Template;
use jiff::Timestamp;
use jiff::civil::Date;
use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use samverkan_domain::{Catalog, GrantHit};
use samverkan_store::{MessageKind, OutMessage, Subscription};
use sha2::{Digest as _, Sha256};

use super::token::{Purpose, Signer};
use super::{Follow, lang_of};
use crate::i18n::Lang;
use crate::urls::Route;

/// What every message needs to know of the installation.
pub struct Composer<'a> {
    /// The site's address, without a trailing slash.
    pub base_url: &'a str,
    pub from: &'a Mailbox,
    pub signer: &'a Signer,
    pub catalog: &'a Catalog,
    pub now: Timestamp,
}

/// A link in a message.
pub struct MailLink {
    pub text: String,
    pub href: String,
}

/// A grant in a message.
pub struct MailItem {
    pub title: String,
    pub href: String,
    pub lines: Vec<String>,
    pub links: Vec<MailLink>,
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    heading: &'a str,
    intro: &'a [String],
    action: Option<&'a MailLink>,
    items: &'a [MailItem],
    more: Option<&'a MailLink>,
    outro: &'a [String],
    footer: &'a [String],
    footer_links: &'a [MailLink],
}

/// A message's content, before it is a message.
struct Content {
    lang: Lang,
    subject: String,
    heading: String,
    intro: Vec<String>,
    action: Option<MailLink>,
    items: Vec<MailItem>,
    /// After the items: a link to everything, when not all are listed.
    more: Option<MailLink>,
    outro: Vec<String>,
    footer: Vec<String>,
    footer_links: Vec<MailLink>,
}

impl Content {
    fn plain(&self) -> String {
        let mut out = String::from("Samverkan\n\n");
        out.push_str(&self.heading);
        out.push_str("\n\n");
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        if let Some(a) = &self.action {
            out.push_str(&format!("{}:\n{}\n\n", a.text, a.href));
        }
        for item in &self.items {
            out.push_str(&format!("* {}\n", item.title));
            for line in &item.lines {
                out.push_str(&format!("  {line}\n"));
            }
            for link in &item.links {
                out.push_str(&format!("  {}: {}\n", link.text, link.href));
            }
            out.push('\n');
        }
        if let Some(m) = &self.more {
            out.push_str(&format!("{}: {}\n\n", m.text, m.href));
        }
        for p in &self.outro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str("-- \n");
        for p in &self.footer {
            out.push_str(p);
            out.push('\n');
        }
        for l in &self.footer_links {
            out.push_str(&format!("{}: {}\n", l.text, l.href));
        }
        out
    }

    fn html(&self) -> Result<String, askama::Error> {
        MailHtml {
            lang: self.lang.code(),
            subject: &self.subject,
            heading: &self.heading,
            intro: &self.intro,
            action: self.action.as_ref(),
            items: &self.items,
            more: self.more.as_ref(),
            outro: &self.outro,
            footer: &self.footer,
            footer_links: &self.footer_links,
        }
        .render()
    }
}

macro_rules! text_header {
    ($name:ident, $header:literal) => {
        #[derive(Clone)]
        struct $name(String);

        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($header)
            }

            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($name(s.to_string()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(ListId, "List-Id");
text_header!(ListUnsubscribe, "List-Unsubscribe");
text_header!(ListUnsubscribePost, "List-Unsubscribe-Post");
text_header!(AutoSubmitted, "Auto-Submitted");

/// What a [`Composer`] borrows, gathered from the application's state.
pub struct Mailing {
    base_url: String,
    from: Mailbox,
    signer: Signer,
    catalog: std::sync::Arc<Catalog>,
}

impl Mailing {
    /// For messages about the current catalogue.
    pub async fn of(state: &crate::state::AppState) -> Result<Mailing, ComposeError> {
        Mailing::with_catalog(state, state.catalog()).await
    }

    /// For messages about `catalog` (a snapshot taken with its change marker).
    pub async fn with_catalog(
        state: &crate::state::AppState,
        catalog: std::sync::Arc<Catalog>,
    ) -> Result<Mailing, ComposeError> {
        Ok(Mailing {
            base_url: state.config.base_url().to_string(),
            from: state.config.mail_from().map_err(ComposeError::From)?,
            signer: state.alerts.signer(&state.store).await?.clone(),
            catalog,
        })
    }

    /// A composer that dates and signs as of now.
    pub fn composer(&self) -> Composer<'_> {
        Composer {
            base_url: &self.base_url,
            from: &self.from,
            signer: &self.signer,
            catalog: &self.catalog,
            now: Timestamp::now(),
        }
    }
}

/// Why a message could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("the sender's address is not usable: {0}")]
    From(String),
    #[error(transparent)]
    Store(#[from] samverkan_store::StoreError),
    #[error("the address \"{0}\" cannot be written to")]
    Address(String),
    #[error("the message cannot be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the message's HTML cannot be rendered: {0}")]
    Render(#[from] askama::Error),
}

impl From<ComposeError> for samverkan_store::StoreError {
    fn from(e: ComposeError) -> Self {
        match e {
            ComposeError::Store(e) => e,
            other => samverkan_store::StoreError::Unsupported(other.to_string()),
        }
    }
}

/// Items listed in one message, at most; the rest are behind a link.
pub const ITEMS_AT_MOST: usize = 50;

impl Composer<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn domain(&self) -> &str {
        self.from.email.domain()
    }

    /// The message, from its content, to `to`.
    fn build(
        &self,
        to: &str,
        content: &Content,
        dedupe: &str,
        unsubscribe: Option<&str>,
    ) -> Result<String, ComposeError> {
        let to: Mailbox = to.parse().map_err(|_| ComposeError::Address(to.to_string()))?;
        let id = format!("{:x}", Sha256::digest(dedupe.as_bytes()));
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(content.subject.clone())
            .date(SystemTime::from(self.now))
            .message_id(Some(format!("<{}@{}>", &id[..32], self.domain())))
            .header(ListId(format!(
                "{} <bevakningar.{}>",
                content.lang.t("alerts-list-name"),
                self.domain()
            )))
            .header(AutoSubmitted("auto-generated".into()));
        if let Some(href) = unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{href}>")))
                .header(ListUnsubscribePost("List-Unsubscribe=One-Click".into()));
        }
        let message = builder.multipart(MultiPart::alternative_plain_html(
            content.plain(),
            content.html()?,
        ))?;
        Ok(String::from_utf8_lossy(&message.formatted()).into_owned())
    }

    /// The footer of a confirmed subscription's messages: what it follows,
    /// and links to manage and to leave.
    fn footer(&self, sub: &Subscription, lang: Lang) -> (Vec<String>, Vec<MailLink>, String) {
        let manage = self.signer.token(Purpose::Manage, &sub.id, self.now);
        let leave = self.signer.token(Purpose::Unsubscribe, &sub.id, self.now);
        let unsubscribe = self.url(&format!("{}?t={leave}", pages_path(lang, Page::Unsubscribe)));
        let follows = Follow::read(Some(&sub.filter))
            .map(|f| f.describe(lang, self.catalog))
            .unwrap_or_default();
        let mut footer = vec![lang.t("alerts-mail-why")];
        footer.extend(follows.into_iter().map(|l| format!("– {l}")));
        let links = vec![
            MailLink {
                text: lang.t("alerts-mail-manage"),
                href: self.url(&format!("{}?t={manage}", pages_path(lang, Page::Manage))),
            },
            MailLink {
                text: lang.t("alerts-mail-unsubscribe"),
                href: unsubscribe.clone(),
            },
        ];
        (footer, links, unsubscribe)
    }

    /// The one message before a subscription is confirmed.
    pub fn confirmation(
        &self,
        sub: &Subscription,
        secret: &str,
        until: Timestamp,
    ) -> Result<OutMessage, ComposeError> {
        let lang = lang_of(&sub.lang);
        // Whoever fills in the form chooses the address: the one message a
        // stranger can cause repeats none of their own words.
        let follow = Follow::read(Some(&sub.filter)).unwrap_or_default();
        let mut intro = vec![lang.t("alerts-confirm-mail-intro")];
        intro.extend(
            follow
                .describe_without_text(lang, self.catalog)
                .into_iter()
                .map(|l| format!("– {l}")),
        );
        intro.push(what_text(lang, sub));
        let until = until.to_zoned(samverkan_domain::time::sweden());
        let content = Content {
            lang,
            subject: lang.t("alerts-confirm-mail-subject"),
            heading: lang.t("alerts-confirm-mail-heading"),
            intro,
            action: Some(MailLink {
                text: lang.t("alerts-confirm-mail-action"),
                href: self.url(&format!("{}?t={secret}", pages_path(lang, Page::Confirm))),
            }),
            items: Vec::new(),
            more: None,
            outro: vec![
                lang.t1(
                    "alerts-confirm-mail-until",
                    "time",
                    format!("{} {}", lang.date(&until.date()), until.strftime("%H.%M")),
                ),
                lang.t("alerts-confirm-mail-ignore"),
            ],
            footer: vec![lang.t("alerts-mail-sent-by")],
            footer_links: Vec::new(),
        };
        let dedupe = format!("confirm:{}", sub.id);
        Ok(OutMessage {
            message: self.build(&sub.email, &content, &dedupe, None)?,
            dedupe,
            subscription_id: Some(sub.id.clone()),
            kind: MessageKind::Confirm,
            recipient: sub.email.clone(),
            subject: content.subject,
        })
    }

    /// A link to manage every subscription of an address (asked for by address).
    pub fn manage_link(&self, subs: &[Subscription], lang: Lang) -> Result<Option<OutMessage>, ComposeError> {
        let Some(first) = subs.iter().find(|s| s.confirmed_at.is_some()) else {
            return Ok(None);
        };
        let manage = self.signer.token(Purpose::Manage, &first.id, self.now);
        let content = Content {
            lang,
            subject: lang.t("alerts-manage-mail-subject"),
            heading: lang.t("alerts-manage-mail-subject"),
            intro: vec![lang.t("alerts-manage-mail-intro")],
            action: Some(MailLink {
                text: lang.t("alerts-mail-manage"),
                href: self.url(&format!("{}?t={manage}", pages_path(lang, Page::Manage))),
            }),
            items: Vec::new(),
            more: None,
            outro: vec![lang.t("alerts-manage-mail-ignore")],
            footer: vec![lang.t("alerts-mail-sent-by")],
            footer_links: Vec::new(),
        };
        let dedupe = format!("manage:{}:{}", first.id, self.now.as_microsecond());
        Ok(Some(OutMessage {
            message: self.build(&first.email, &content, &dedupe, None)?,
            dedupe,
            subscription_id: None,
            kind: MessageKind::Manage,
            recipient: first.email.clone(),
            subject: content.subject,
        }))
    }

    /// A grant in a message: its title, provider, next deadline (confirmed
    /// or expected) and links to its page and its calendar file.
    fn item(&self, lang: Lang, hit: &GrantHit<'_>, on: Date, note: Option<String>) -> MailItem {
        let g = hit.grant;
        let provider = hit
            .provider
            .map_or_else(|| g.provider.to_string(), |a| a.name.clone());
        let mut lines = Vec::new();
        if let Some(note) = note {
            lines.push(note);
        }
        lines.push(lang.t1("alerts-item-provider", "name", provider.clone()));
        match hit.next_deadline {
            Some(date) => {
                let days = (date - on).get_days();
                let key = if hit.expected {
                    "alerts-item-deadline-expected"
                } else {
                    "alerts-item-deadline-confirmed"
                };
                lines.push(lang.tn(
                    key,
                    &[
                        ("date", lang.date(&date).into()),
                        ("left", lang.days_left(i64::from(days)).into()),
                        ("provider", provider.into()),
                    ],
                ));
            }
            None => lines.push(match &g.deadline {
                Some(d) => lang.t1("alerts-item-deadline-text", "text", d.text().to_string()),
                None => lang.t("alerts-item-deadline-none"),
            }),
        }
        let id = g.id.to_string();
        let mut links = vec![MailLink {
            text: lang.t("alerts-item-page"),
            href: self.url(&Route::Grant(id.clone()).href(lang)),
        }];
        if hit.next_deadline.is_some() {
            links.push(MailLink {
                text: lang.t("alerts-item-ics"),
                href: self.url(&Route::GrantIcs(id).href(lang)),
            });
        }
        MailItem {
            title: g.title.clone(),
            href: self.url(&Route::Grant(g.id.to_string()).href(lang)),
            lines,
            links,
        }
    }

    /// A link to the finder with the subscription's filters.
    fn finder_link(&self, lang: Lang, sub: &Subscription, count: usize) -> MailLink {
        let follow = Follow::read(Some(&sub.filter)).unwrap_or_default();
        MailLink {
            text: lang.t1("alerts-mail-all", "count", count),
            href: self.url(&follow.page_href(lang)),
        }
    }

    /// Reminders of the deadlines in `hits` (each with its days left), for
    /// the planning day `on`.
    pub fn reminder(
        &self,
        sub: &Subscription,
        hits: &[GrantHit<'_>],
        on: Date,
    ) -> Result<OutMessage, ComposeError> {
        let lang = lang_of(&sub.lang);
        let subject = match hits {
            [one] => lang.tn(
                "alerts-reminder-subject-one",
                &[
                    ("title", one.grant.title.clone().into()),
                    ("left", lang.days_left(one.days_left.unwrap_or(0)).into()),
                ],
            ),
            many => lang.t1("alerts-reminder-subject-many", "count", many.len()),
        };
        let (footer, footer_links, unsubscribe) = self.footer(sub, lang);
        let items: Vec<MailItem> = hits
            .iter()
            .take(ITEMS_AT_MOST)
            .map(|h| self.item(lang, h, on, None))
            .collect();
        let content = Content {
            lang,
            heading: lang.t("alerts-reminder-heading"),
            subject,
            intro: vec![lang.t1("alerts-reminder-intro", "count", hits.len())],
            action: None,
            more: (hits.len() > items.len()).then(|| self.finder_link(lang, sub, hits.len())),
            items,
            outro: vec![lang.t("alerts-reminder-outro")],
            footer,
            footer_links,
        };
        let dedupe = format!("reminder:{}:{on}", sub.id);
        Ok(OutMessage {
            message: self.build(&sub.email, &content, &dedupe, Some(&unsubscribe))?,
            dedupe,
            subscription_id: Some(sub.id.clone()),
            kind: MessageKind::Reminder,
            recipient: sub.email.clone(),
            subject: content.subject,
        })
    }

    /// The digest of `period`: grants added or changed, each with whether it is new.
    pub fn digest(
        &self,
        sub: &Subscription,
        changed: &[(GrantHit<'_>, bool)],
        on: Date,
        period: &str,
        period_text: &str,
    ) -> Result<OutMessage, ComposeError> {
        let lang = lang_of(&sub.lang);
        let (footer, footer_links, unsubscribe) = self.footer(sub, lang);
        let items: Vec<MailItem> = changed
            .iter()
            .take(ITEMS_AT_MOST)
            .map(|(h, new)| {
                let note = lang.t(if *new {
                    "alerts-digest-new"
                } else {
                    "alerts-digest-changed"
                });
                self.item(lang, h, on, Some(note))
            })
            .collect();
        let content = Content {
            lang,
            subject: lang.tn(
                "alerts-digest-subject",
                &[
                    ("count", changed.len().into()),
                    ("period", period_text.to_string().into()),
                ],
            ),
            heading: lang.t1("alerts-digest-heading", "period", period_text.to_string()),
            intro: vec![lang.t1("alerts-digest-intro", "count", changed.len())],
            action: None,
            more: (changed.len() > items.len()).then(|| self.finder_link(lang, sub, changed.len())),
            items,
            outro: Vec::new(),
            footer,
            footer_links,
        };
        let dedupe = format!("digest:{}:{period}", sub.id);
        Ok(OutMessage {
            message: self.build(&sub.email, &content, &dedupe, Some(&unsubscribe))?,
            dedupe,
            subscription_id: Some(sub.id.clone()),
            kind: MessageKind::Digest,
            recipient: sub.email.clone(),
            subject: content.subject,
        })
    }
}

impl Composer<'_> {
    /// The answer to an error report, to the address its reporter gave.
    pub fn answer(
        &self,
        report: &samverkan_store::Report,
        outcome: samverkan_store::Outcome,
        reply: &str,
    ) -> Result<OutMessage, ComposeError> {
        let lang = lang_of(&report.lang);
        let to = report
            .email
            .as_deref()
            .ok_or_else(|| ComposeError::Address(String::new()))?;
        let kind = samverkan_domain::EntryKind::parse(&report.kind);
        let title = kind
            .and_then(|k| self.catalog.entry_title(k, &report.entry_id))
            .unwrap_or(&report.entry_id)
            .to_string();
        let mut outro = vec![lang.t(&format!("alerts-answer-{}", outcome.as_str()))];
        if !reply.is_empty() {
            outro.push(lang.t("alerts-answer-reply"));
            outro.push(reply.to_string());
        }
        let content = Content {
            lang,
            subject: lang.t1("alerts-answer-subject", "title", title.clone()),
            heading: lang.t1("alerts-answer-subject", "title", title),
            // The reporter's own words are not repeated: nobody confirmed
            // the address, so the service carries no stranger's text to it.
            intro: vec![lang.t("alerts-answer-intro")],
            action: kind
                .and_then(|k| Route::of_entry(k, &report.entry_id))
                .map(|r| MailLink {
                    text: lang.t("alerts-answer-page"),
                    href: self.url(&r.href(lang)),
                }),
            items: Vec::new(),
            more: None,
            outro,
            footer: vec![lang.t("alerts-answer-footer"), lang.t("alerts-mail-sent-by")],
            footer_links: Vec::new(),
        };
        let dedupe = format!("answer:{}", report.id);
        Ok(OutMessage {
            message: self.build(to, &content, &dedupe, None)?,
            dedupe,
            subscription_id: None,
            kind: MessageKind::Answer,
            recipient: to.to_string(),
            subject: content.subject,
        })
    }
}

impl Composer<'_> {
    /// An editor's reminder: the entries they keep whose check falls due
    /// soon, each with the day it is due and a link to its edit form, in
    /// Swedish (the editors' language). `dedupe` names the message.
    pub fn verify_reminder(
        &self,
        to: &str,
        due: &[samverkan_domain::check::Due],
        dedupe: &str,
    ) -> Result<OutMessage, ComposeError> {
        let lang = Lang::Sv;
        let items: Vec<MailItem> = due
            .iter()
            .take(ITEMS_AT_MOST)
            .map(|d| {
                let href = self.url(&crate::urls::EdPath::Edit(d.kind, d.id.to_string()).href(lang));
                MailItem {
                    title: self
                        .catalog
                        .entry_title(d.kind, d.id.as_str())
                        .unwrap_or(d.id.as_str())
                        .to_string(),
                    href: href.clone(),
                    lines: vec![
                        lang.t(&format!("editor-kind-{}", d.kind.as_str())),
                        lang.tn(
                            "verify-mail-due",
                            &[
                                ("by", lang.date(&d.verify_by).into()),
                                ("verified", lang.date(&d.verified).into()),
                            ],
                        ),
                    ],
                    links: vec![MailLink {
                        text: lang.t("verify-mail-open"),
                        href: href.clone(),
                    }],
                }
            })
            .collect();
        let dashboard = self.url(&crate::urls::EdPath::Dashboard.href(lang));
        let content = Content {
            lang,
            subject: lang.t1("verify-mail-subject", "count", due.len()),
            heading: lang.t1("verify-mail-subject", "count", due.len()),
            intro: vec![lang.t("verify-mail-intro")],
            action: Some(MailLink {
                text: lang.t("verify-mail-dashboard"),
                href: dashboard.clone(),
            }),
            more: (due.len() > ITEMS_AT_MOST).then(|| MailLink {
                text: lang.t1("verify-mail-more", "count", due.len() - ITEMS_AT_MOST),
                href: dashboard,
            }),
            items,
            outro: vec![lang.t("verify-mail-how")],
            footer: vec![lang.t("verify-mail-footer"), lang.t("alerts-mail-sent-by")],
            footer_links: Vec::new(),
        };
        Ok(OutMessage {
            message: self.build(to, &content, dedupe, None)?,
            dedupe: dedupe.to_string(),
            subscription_id: None,
            kind: MessageKind::Verify,
            recipient: to.to_string(),
            subject: content.subject,
        })
    }
}

impl Composer<'_> {
    /// Tells a proposal's author that it was approved or rejected (and why).
    pub fn proposal_decided(
        &self,
        to: &str,
        p: &samverkan_store::Proposal,
    ) -> Result<OutMessage, ComposeError> {
        let lang = Lang::Sv;
        let title = self
            .catalog
            .entry_title(p.kind, &p.entry_id)
            .unwrap_or(&p.entry_id)
            .to_string();
        let status = p.status.as_str();
        let mut intro = vec![lang.tn(
            &format!("proposal-mail-{status}"),
            &[
                ("title", title.clone().into()),
                ("by", p.decided_by.clone().unwrap_or_default().into()),
            ],
        )];
        if let Some(reason) = &p.reason {
            intro.push(lang.t(if p.status == samverkan_store::ProposalStatus::Rejected {
                "proposal-mail-reason"
            } else {
                "proposal-mail-note"
            }));
            intro.push(reason.clone());
        }
        let content = Content {
            lang,
            subject: lang.t1(&format!("proposal-mail-subject-{status}"), "title", title.clone()),
            heading: lang.t1(&format!("proposal-mail-subject-{status}"), "title", title),
            intro,
            action: Some(MailLink {
                text: lang.t("proposal-mail-open"),
                href: self.url(&crate::urls::EdPath::Proposal(p.id.clone()).href(lang)),
            }),
            items: Vec::new(),
            more: None,
            outro: Vec::new(),
            footer: vec![lang.t("verify-mail-footer"), lang.t("alerts-mail-sent-by")],
            footer_links: Vec::new(),
        };
        let dedupe = format!("proposal:{}:{status}", p.id);
        Ok(OutMessage {
            message: self.build(to, &content, &dedupe, None)?,
            dedupe,
            subscription_id: None,
            kind: MessageKind::Decision,
            recipient: to.to_string(),
            subject: content.subject,
        })
    }
}

/// What a subscription sends, in words.
pub fn what_text(lang: Lang, sub: &Subscription) -> String {
    let digest = lang.t(&format!("alerts-digest-{}", sub.digest.as_str()));
    let reminders = if sub.reminder_days.is_empty() {
        lang.t("alerts-reminders-none")
    } else {
        let mut days: Vec<String> = sub.reminder_days.iter().map(u32::to_string).collect();
        let last = days.pop().unwrap_or_default();
        let days = if days.is_empty() {
            last
        } else {
            format!("{} {} {last}", days.join(", "), lang.t("alerts-and"))
        };
        lang.t1("alerts-reminders-days", "days", days)
    };
    format!("{digest} {reminders}")
}

/// The alert pages, for links in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Subscribe,
    Confirm,
    Manage,
    Unsubscribe,
    Mine,
}

/// A page's path in a language.
pub fn pages_path(lang: Lang, page: Page) -> &'static str {
    match (lang, page) {
        (Lang::Sv, Page::Subscribe) => "/bevaka",
        (Lang::Sv, Page::Confirm) => "/bevaka/bekrafta",
        (Lang::Sv, Page::Manage) => "/bevaka/hantera",
        (Lang::Sv, Page::Unsubscribe) => "/bevaka/avsluta",
        (Lang::Sv, Page::Mine) => "/bevaka/mina",
        (Lang::En, Page::Subscribe) => "/en/alerts",
        (Lang::En, Page::Confirm) => "/en/alerts/confirm",
        (Lang::En, Page::Manage) => "/en/alerts/manage",
        (Lang::En, Page::Unsubscribe) => "/en/alerts/unsubscribe",
        (Lang::En, Page::Mine) => "/en/alerts/mine",
    }
}

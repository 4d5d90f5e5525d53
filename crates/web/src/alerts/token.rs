//! Links to manage or leave a subscription, signed rather than stored: a
//! token names its purpose, the subscription and when it expires, with an
//! HMAC-SHA-256 over the three (RustCrypto's `hmac`, compared in constant
//! time) under the key the store keeps for every instance. Nothing about
//! them is kept, so a subscription's messages can carry fresh links without
//! a row each; deleting the subscription makes every link to it useless.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// See and change every subscription of the address.
    Manage,
    /// Leave this one subscription (the one-click link of every message).
    Unsubscribe,
}

impl Purpose {
    fn tag(self) -> &'static str {
        match self {
            Purpose::Manage => "m",
            Purpose::Unsubscribe => "u",
        }
    }

    /// How long a link of this purpose works. A management link is in every
    /// message, so each message brings a new one; leaving must work from
    /// any message a person still has.
    pub fn lifetime(self) -> jiff::SignedDuration {
        match self {
            Purpose::Manage => jiff::SignedDuration::from_hours(24 * 60),
            Purpose::Unsubscribe => jiff::SignedDuration::from_hours(24 * 400),
        }
    }
}

/// Signs and checks tokens with one key.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    pub fn new(key: &str) -> Signer {
        Signer {
            key: key.as_bytes().to_vec(),
        }
    }

    fn mac(&self, text: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(text.as_bytes());
        mac
    }

    /// A token for `subscription`, valid from `now` for the purpose's lifetime.
    pub fn token(&self, purpose: Purpose, subscription: &str, now: Timestamp) -> String {
        let until = now
            .checked_add(purpose.lifetime())
            .unwrap_or(Timestamp::MAX)
            .as_second();
        let text = format!("{}.{subscription}.{until}", purpose.tag());
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&text).finalize().into_bytes());
        format!("{text}.{signature}")
    }

    /// A stamp of when a form was handed out (`f.SECONDS.SIGNATURE`), so
    /// that its answer can tell how long it took to fill in.
    pub fn stamp(&self, now: Timestamp) -> String {
        let text = format!("f.{}", now.as_second());
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&text).finalize().into_bytes());
        format!("{text}.{signature}")
    }

    /// How long ago a stamp made with this key was handed out, if it is one.
    pub fn stamp_age(&self, stamp: &str, now: Timestamp) -> Option<std::time::Duration> {
        let (text, signature) = stamp.rsplit_once('.')?;
        let seconds: i64 = text.strip_prefix("f.")?.parse().ok()?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.mac(text).verify_slice(&signature).ok()?;
        u64::try_from(now.as_second() - seconds)
            .ok()
            .map(std::time::Duration::from_secs)
    }

    /// The subscription a token of `purpose` names, if it is signed with this
    /// key and has not expired at `now`.
    pub fn check(&self, purpose: Purpose, token: &str, now: Timestamp) -> Option<String> {
        let (text, signature) = token.rsplit_once('.')?;
        let mut parts = text.split('.');
        let (tag, subscription, until) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || tag != purpose.tag() || subscription.is_empty() {
            return None;
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.mac(text).verify_slice(&signature).ok()?;
        let until: i64 = until.parse().ok()?;
        (now.as_second() < until).then(|| subscription.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_for_its_purpose_and_subscription_until_it_expires() {
        let signer = Signer::new("k1");
        let now: Timestamp = "2026-12-05T10:00:00Z".parse().unwrap();
        let t = signer.token(Purpose::Manage, "abc", now);
        assert_eq!(signer.check(Purpose::Manage, &t, now).as_deref(), Some("abc"));
        assert_eq!(
            signer.check(Purpose::Unsubscribe, &t, now),
            None,
            "another purpose"
        );
        assert_eq!(
            Signer::new("k2").check(Purpose::Manage, &t, now),
            None,
            "another key"
        );
        let later = now.checked_add(Purpose::Manage.lifetime()).unwrap();
        assert_eq!(signer.check(Purpose::Manage, &t, later), None, "expired");
        // Changing any part breaks the signature.
        let forged = t.replacen(".abc.", ".abd.", 1);
        assert_eq!(signer.check(Purpose::Manage, &forged, now), None);
        let (text, _) = t.rsplit_once('.').unwrap();
        let longer = text.replace(
            &format!(
                "{}",
                now.checked_add(Purpose::Manage.lifetime()).unwrap().as_second()
            ),
            "99999999999",
        );
        assert_eq!(signer.check(Purpose::Manage, &format!("{longer}.x"), now), None);
        for junk in ["", ".", "m.abc", "m..1.x", "m.abc.1.2.3", "u.abc.notanumber.AAAA"] {
            assert_eq!(signer.check(Purpose::Manage, junk, now), None, "{junk}");
        }
    }

    #[test]
    fn a_stamp_tells_its_age_and_cannot_be_backdated() {
        let signer = Signer::new("k1");
        let then: Timestamp = "2026-12-05T10:00:00Z".parse().unwrap();
        let stamp = signer.stamp(then);
        let later = then.checked_add(jiff::SignedDuration::from_secs(5)).unwrap();
        assert_eq!(
            signer.stamp_age(&stamp, later),
            Some(std::time::Duration::from_secs(5))
        );
        assert_eq!(
            signer.stamp_age(
                &stamp,
                then.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap()
            ),
            None
        );
        let backdated = stamp.replacen(
            &then.as_second().to_string(),
            &(then.as_second() - 60).to_string(),
            1,
        );
        assert_eq!(signer.stamp_age(&backdated, later), None);
        assert_eq!(Signer::new("k2").stamp_age(&stamp, later), None);
        // A management token is not a stamp.
        let token = signer.token(Purpose::Manage, "abc", then);
        assert_eq!(signer.stamp_age(&token, later), None);
    }
}

//! Addresses on the network: who the client is (the socket's peer, or behind
//! a configured reverse proxy the address it forwards), and which addresses
//! are public, so that the link checker never asks the service's own network.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};

/// An address range: `192.0.2.1`, `10.0.0.0/8`, `2001:db8::/32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

/// Why a text is not an address range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an IP address or a range such as 10.0.0.0/8 or 2001:db8::/32")]
pub struct IpRangeError(String);

impl FromStr for IpRange {
    type Err = IpRangeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || IpRangeError(text.chars().take(80).collect());
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(bad)?,
            None => max,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl IpRange {
    /// Whether `ip` is in the range. An IPv4-mapped IPv6 address counts as
    /// its IPv4 address.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

pub use samverkan_links::addr::{canonical, is_public};

/// The client's address. It is the socket's peer, unless the peer is one of
/// `trusted_proxies`: then `X-Forwarded-For` is read from the right, past
/// every trusted proxy, and the first address that is not one is the client.
/// Without trusted proxies the header is never read, because anyone can send it.
pub fn client_ip(extensions: &Extensions, headers: &HeaderMap, trusted_proxies: &[IpRange]) -> IpAddr {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| canonical(c.0.ip()));
    let trusted = |ip: IpAddr| trusted_proxies.iter().any(|r| r.contains(ip));
    if !trusted(peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for entry in forwarded.into_iter().rev() {
        // An entry that does not parse ends the walk: the last good hop is
        // the client (never the proxy itself, which would put every such
        // client into one count).
        let Some(ip) = forwarded_ip(entry) else {
            break;
        };
        client = ip;
        if !trusted(ip) {
            break;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`
/// or `[2001:db8::1]:4711`.
fn forwarded_ip(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    entry
        .parse::<SocketAddr>()
        .ok()
        .map(|s| canonical(s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|v6| v6.parse::<IpAddr>().ok())
                .map(canonical)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_parse_and_match() {
        let r: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(r.contains(ip("10.9.8.7")) && !r.contains(ip("11.0.0.1")));
        assert!(
            r.contains(ip("::ffff:10.0.0.1")),
            "mapped addresses count as IPv4"
        );
        let one: IpRange = "192.0.2.1".parse().unwrap();
        assert!(one.contains(ip("192.0.2.1")) && !one.contains(ip("192.0.2.2")));
        let v6: IpRange = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:1::1")) && !v6.contains(ip("2001:db9::1")));
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.5")));
        for bad in [
            "",
            "10.0.0.0/33",
            "example.org",
            "10.0.0/8",
            "::/129",
            "1.2.3.4/x",
        ] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let mut ext = Extensions::new();
        ext.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 5], 4000))));
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.66, 198.51.100.7, 10.0.0.4"),
        );
        assert_eq!(
            client_ip(&ext, &headers, &[]),
            ip("10.0.0.5"),
            "not trusted by default"
        );
        let proxies: Vec<IpRange> = vec!["10.0.0.0/24".parse().unwrap()];
        assert_eq!(
            client_ip(&ext, &headers, &proxies),
            ip("198.51.100.7"),
            "the rightmost address that is not a trusted proxy; what the client wrote further left is not believed"
        );
        headers.insert("x-forwarded-for", HeaderValue::from_static("not an address"));
        assert_eq!(client_ip(&ext, &headers, &proxies), ip("10.0.0.5"));
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("garbage, 203.0.113.5"),
        );
        assert_eq!(
            client_ip(&ext, &headers, &proxies),
            ip("203.0.113.5"),
            "a bad entry further left does not make the proxy the client"
        );
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("[2001:db8::7]:4711, 203.0.113.5:80"),
        );
        assert_eq!(
            client_ip(&ext, &headers, &proxies),
            ip("203.0.113.5"),
            "ports are allowed"
        );
        let mut direct = Extensions::new();
        direct.insert(ConnectInfo(SocketAddr::from(([198, 51, 100, 1], 4000))));
        headers.insert("x-forwarded-for", HeaderValue::from_static("1.2.3.4"));
        assert_eq!(
            client_ip(&direct, &headers, &proxies),
            ip("198.51.100.1"),
            "a client that is not a proxy cannot claim another address"
        );
    }
}

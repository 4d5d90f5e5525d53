//! Addresses on the network: who the client is (the socket's peer, or behind
//! a configured reverse proxy the address it forwards), and which addresses
//! are public, so that the link checker never asks the service's own network.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
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

/// `::ffff:a.b.c.d` as `a.b.c.d`; anything else as it is.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

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

/// Whether an address is on the public internet: not loopback, private,
/// link-local, shared (CGNAT), multicast, broadcast, documentation,
/// benchmarking, reserved or unspecified, in IPv4 or IPv6 (IPv4-mapped,
/// -compatible, NAT64 and 6to4 forms are judged by the IPv4 address inside).
pub fn is_public(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    const NOT_PUBLIC: &[(u32, u8)] = &[
        (0x0000_0000, 8),  // 0.0.0.0/8 "this network"
        (0x0a00_0000, 8),  // 10.0.0.0/8 private
        (0x6440_0000, 10), // 100.64.0.0/10 shared address space (CGNAT)
        (0x7f00_0000, 8),  // 127.0.0.0/8 loopback
        (0xa9fe_0000, 16), // 169.254.0.0/16 link-local (cloud metadata)
        (0xac10_0000, 12), // 172.16.0.0/12 private
        (0xc000_0000, 24), // 192.0.0.0/24 IETF protocol assignments
        (0xc000_0200, 24), // 192.0.2.0/24 documentation
        (0xc058_6300, 24), // 192.88.99.0/24 6to4 relay anycast
        (0xc0a8_0000, 16), // 192.168.0.0/16 private
        (0xc612_0000, 15), // 198.18.0.0/15 benchmarking
        (0xc633_6400, 24), // 198.51.100.0/24 documentation
        (0xcb00_7100, 24), // 203.0.113.0/24 documentation
        (0xe000_0000, 4),  // 224.0.0.0/4 multicast
        (0xf000_0000, 4),  // 240.0.0.0/4 reserved, and broadcast
    ];
    let bits = u32::from(ip);
    !NOT_PUBLIC.iter().any(|(net, prefix)| {
        let mask = u32::MAX << (32 - u32::from(*prefix));
        bits & mask == *net
    })
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let bits = u128::from(ip);
    let segments = ip.segments();
    // Forms that carry an IPv4 address: judge that address.
    let embedded = |v4: u32| is_public_v4(Ipv4Addr::from(v4));
    if bits >> 32 == 0 {
        // ::/96 (IPv4-compatible, ::, ::1)
        return bits > 1 && embedded(bits as u32);
    }
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        // 64:ff9b::/96 NAT64
        return embedded(bits as u32);
    }
    if segments[0] == 0x2002 {
        // 2002::/16 6to4
        return embedded((bits >> 80) as u32);
    }
    const NOT_PUBLIC: &[(u128, u8)] = &[
        (0x0064_ff9b_0001 << 80, 48), // 64:ff9b:1::/48 local NAT64
        (0x0100 << 112, 64),          // 100::/64 discard-only
        (0x2001_0000 << 96, 32),      // 2001::/32 Teredo
        (0x2001_0002 << 96, 48),      // 2001:2::/48 benchmarking
        (0x2001_0db8 << 96, 32),      // 2001:db8::/32 documentation
        (0x2001_0010 << 96, 28),      // 2001:10::/28 ORCHID
        (0x3fff << 112, 20),          // 3fff::/20 documentation
        (0xfc00 << 112, 7),           // fc00::/7 unique local
        (0xfe80 << 112, 10),          // fe80::/10 link-local
        (0xfec0 << 112, 10),          // fec0::/10 site-local (deprecated)
        (0xff00 << 112, 8),           // ff00::/8 multicast
    ];
    !NOT_PUBLIC.iter().any(|(net, prefix)| {
        let mask = u128::MAX << (128 - u32::from(*prefix));
        bits & mask == *net
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
    fn internal_addresses_are_not_public() {
        for internal in [
            "127.0.0.1",
            "127.255.255.254",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "198.18.0.1",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip(internal)), "{internal} must not count as public");
        }
        for public in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "193.183.0.1",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "2002:0808:0808::",
        ] {
            assert!(is_public(ip(public)), "{public} is public");
        }
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

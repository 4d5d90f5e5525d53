//! Which addresses are on the public internet, for the link checker's
//! guard against server-side request forgery, and the canonical form of an
//! address (an IPv4-mapped IPv6 address as the IPv4 address it carries).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `::ffff:a.b.c.d` as `a.b.c.d`; anything else as it is.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
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
}

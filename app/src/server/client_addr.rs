//! The client's address, as far as it can be trusted. Behind configured
//! proxies the address is read from the right of `X-Forwarded-For` (each
//! proxy appends the address it saw; the left end is whatever the client
//! wrote), skipping the proxies themselves. Without a trusted proxy in
//! front, the header is ignored.

use std::net::IpAddr;

/// A trusted proxy: one address, or a network in CIDR notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    /// `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    pub fn parse(s: &str) -> Option<Self> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, p.parse::<u8>().ok()?),
            None => {
                let a = s.trim().parse::<IpAddr>().ok()?;
                (a, if a.is_ipv4() { 32 } else { 128 })
            }
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Self { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        fn bits(ip: IpAddr) -> (u128, u32) {
            match ip {
                IpAddr::V4(v4) => (u32::from(v4) as u128, 32),
                IpAddr::V6(v6) => (u128::from(v6), 128),
            }
        }
        let ((net, width), (probe, probe_width)) = (bits(self.addr), bits(ip));
        if width != probe_width {
            return false;
        }
        if self.prefix == 0 {
            return true;
        }
        let shift = width - self.prefix as u32;
        (net >> shift) == (probe >> shift)
    }
}

/// Parses `APP_TRUSTED_PROXIES` (comma-separated addresses or networks).
pub fn parse_list(s: &str) -> Result<Vec<Net>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Net::parse(p).ok_or_else(|| format!("APP_TRUSTED_PROXIES: “{p}” is not an address or network")))
        .collect()
}

/// The client of a request that arrived from `peer` with these
/// `X-Forwarded-For` values.
pub fn client(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Net]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.unwrap_or("").rsplit(',') {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_client_not_behind_a_trusted_proxy_cannot_choose_its_address() {
        let trusted = parse_list("10.0.0.1").unwrap();
        assert_eq!(client(ip("203.0.113.9"), Some("1.2.3.4"), &trusted), ip("203.0.113.9"));
        assert_eq!(client(ip("203.0.113.9"), None, &[]), ip("203.0.113.9"));
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let trusted = parse_list("10.0.0.0/8, 192.168.1.5").unwrap();
        // The client wrote 1.2.3.4 itself; the proxy appended what it saw.
        assert_eq!(client(ip("10.0.0.1"), Some("1.2.3.4, 198.51.100.7"), &trusted), ip("198.51.100.7"));
        // Two proxies in a row.
        assert_eq!(client(ip("10.0.0.1"), Some("1.2.3.4, 198.51.100.7, 192.168.1.5"), &trusted), ip("198.51.100.7"));
        // Garbage stops the walk at the last good hop.
        assert_eq!(client(ip("10.0.0.1"), Some("nonsense"), &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn networks_parse_and_match() {
        assert!(Net::parse("10.0.0.0/8").unwrap().contains(ip("10.200.3.4")));
        assert!(!Net::parse("10.0.0.0/8").unwrap().contains(ip("11.0.0.1")));
        assert!(Net::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(!Net::parse("fd00::/8").unwrap().contains(ip("10.0.0.1")));
        assert!(Net::parse("10.0.0.0/33").is_none());
        assert!(parse_list("10.0.0.1, nope").is_err());
    }
}

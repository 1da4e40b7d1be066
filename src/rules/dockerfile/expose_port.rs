//! `EXPOSE` arguments: `port`, `port/proto`, `from-to[/proto]`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExposeArg {
    /// A port or range, inclusive.
    Ports { from: u32, to: u32 },
    /// Built from a variable: not judged.
    Variable,
    /// Not a valid port specification; the reason.
    Invalid(&'static str),
}

pub fn parse(arg: &str) -> ExposeArg {
    if arg.contains('$') {
        return ExposeArg::Variable;
    }
    if arg.contains(':') {
        return ExposeArg::Invalid("EXPOSE cannot map a host port, that is done at run time");
    }
    let (ports, proto) = match arg.split_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (arg, None),
    };
    if let Some(proto) = proto {
        if !matches!(proto.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") {
            return ExposeArg::Invalid("the protocol must be tcp, udp or sctp");
        }
    }
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (from, to) = match ports.split_once('-') {
        Some((a, b)) => match (number(a), number(b)) {
            (Some(a), Some(b)) => (a, b),
            _ => return ExposeArg::Invalid("a port is a number from 0 to 65535"),
        },
        None => match number(ports) {
            Some(p) => (p, p),
            None => return ExposeArg::Invalid("a port is a number from 0 to 65535"),
        },
    };
    if from > 65535 || to > 65535 {
        return ExposeArg::Invalid("a port is a number from 0 to 65535");
    }
    if from > to {
        return ExposeArg::Invalid("the range ends before it starts");
    }
    ExposeArg::Ports { from, to }
}

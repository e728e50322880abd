//! Qlik Cloud regions: the code in tenant hostnames and the datacenter it stands for.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// A Qlik Cloud region, written as its hostname code (`us` in `acme.us.qlikcloud.com`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Region {
    Us,
    Eu,
    De,
    Uk,
    Jp,
    Ap,
    Sg,
}

impl Region {
    /// Every region, in display order.
    pub const ALL: [Region; 7] = [
        Region::Us,
        Region::Eu,
        Region::De,
        Region::Uk,
        Region::Jp,
        Region::Ap,
        Region::Sg,
    ];

    /// Parses a hostname code (`us`) or a datacenter name (`us-east-1`).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == raw || r.datacenter() == raw)
            .ok_or_else(|| {
                let known: Vec<_> = Self::ALL.iter().map(|r| r.code()).collect();
                ParseError::new(format!(
                    "unknown region {raw:?}; expected one of {}",
                    known.join(", ")
                ))
            })
    }

    /// The code used in hostnames, e.g. `us`.
    pub fn code(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::De => "de",
            Region::Uk => "uk",
            Region::Jp => "jp",
            Region::Ap => "ap",
            Region::Sg => "sg",
        }
    }

    /// The datacenter name used by the tenants API. The `ap`/`sg` pairing is copied from Qlik's
    /// spec text as written (`ap-southeast-1` = Australia); Qlik has not confirmed it.
    pub fn datacenter(self) -> &'static str {
        match self {
            Region::Us => "us-east-1",
            Region::Eu => "eu-west-1",
            Region::De => "eu-central-1",
            Region::Uk => "eu-west-2",
            Region::Jp => "ap-northeast-1",
            Region::Ap => "ap-southeast-1",
            Region::Sg => "ap-southeast-2",
        }
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Region {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Region {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Region> for String {
    fn from(region: Region) -> Self {
        region.code().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_datacenters() {
        assert_eq!(Region::parse("eu").ok(), Some(Region::Eu));
        assert_eq!(Region::parse("eu-central-1").ok(), Some(Region::De));
        for region in Region::ALL {
            assert_eq!(Region::parse(region.code()).ok(), Some(region));
            assert_eq!(Region::parse(region.datacenter()).ok(), Some(region));
        }
    }

    #[test]
    fn unknown_region_lists_the_known_ones() {
        let err = Region::parse("mars").expect_err("mars").to_string();
        assert!(err.contains("\"mars\"") && err.contains("us, eu"), "{err}");
    }
}
